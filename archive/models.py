"""Reply, Measure and Metric: what one answered proposal becomes in the archive."""
from django.db import models
from simple_history.models import HistoricalRecords

from archive.choices import MeasureType as MeasureTypeChoice
from archive.choices import Qualifier, ResultClass, Status


class ReplyQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ReplyQuerySet":
        """Replies a user may see: staff see everything, others only what may be public."""
        if user is not None and getattr(user, "is_staff", False):
            return self
        return self.exclude(public=False)


class Reply(models.Model):
    """One bureau's answer (答复) to one proposal (提案) or suggestion (建议)."""

    source_file = models.CharField("源文件", max_length=255)
    sha256 = models.CharField("SHA-256", max_length=64, unique=True)
    raw_text = models.TextField("原文")
    text = models.TextField("规范化文本")

    bureau = models.CharField("承办单位", max_length=200, blank=True)
    city = models.CharField("城市", max_length=100, blank=True)
    province = models.CharField("省份", max_length=100, blank=True)
    doc_number = models.CharField("文号", max_length=100, blank=True, null=True)
    session = models.CharField("会议", max_length=200, blank=True, null=True)
    proposal_number = models.CharField("提案号", max_length=100, blank=True, null=True)
    proposer = models.CharField("提案人", max_length=200, blank=True, null=True)
    proposer_is_org = models.BooleanField("提案人为单位", default=False)
    title = models.CharField("标题", max_length=500, blank=True, null=True)
    signer = models.CharField("签发人", max_length=100, blank=True, null=True)
    result_class = models.CharField(
        "办理结果", max_length=1, choices=ResultClass.choices, blank=True, null=True
    )
    public = models.BooleanField("公开", null=True, blank=True)
    date = models.DateField("答复日期", null=True, blank=True)
    year = models.PositiveSmallIntegerField("年份", null=True, blank=True)
    contact = models.CharField("联系人", max_length=100, blank=True, null=True)
    phone = models.CharField("电话", max_length=50, blank=True, null=True)

    ingested_at = models.DateTimeField("入库时间", auto_now_add=True)
    ingested_by = models.CharField("入库人", max_length=150, blank=True)

    history = HistoricalRecords()
    objects = ReplyQuerySet.as_manager()

    class Meta:
        verbose_name = "答复"
        verbose_name_plural = "答复"
        ordering = ["-date", "-id"]
        # Editors may upload replies through /upload/; staff alone is not enough.
        permissions = [("upload_reply", "Can upload replies — 可上传答复")]
        indexes = [
            # Covering indexes for the browse pages: the long text columns sit before these
            # fields in the row, so reading them from the table costs overflow-page reads.
            # Each also serves lookups on its leading fields (province; city; year), so no
            # index of those alone is kept: every index costs time on each ingested reply.
            models.Index(fields=["province", "city", "year", "public"], name="reply_place_year_idx"),
            models.Index(fields=["date"], name="reply_date_idx"),
            # A place's visible replies counted (and paged) from the index alone.
            models.Index(fields=["city", "date", "public"], name="reply_city_date_public_idx"),
            models.Index(fields=["year", "date", "public"], name="reply_year_date_public_idx"),
        ]

    def __str__(self) -> str:
        return self.title or self.source_file

    def get_absolute_url(self) -> str:
        return f"/replies/{self.pk}/"


class Measure(models.Model):
    """A numbered action in a reply; measures form a tree (一、 → （一） → 1.)."""

    reply = models.ForeignKey(Reply, on_delete=models.CASCADE, related_name="measures")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    position = models.PositiveIntegerField("序号", help_text="1-based among its siblings")
    path = models.CharField("路径", max_length=30, help_text="1-based path such as 4.3")
    order = models.PositiveIntegerField("文中顺序", default=0)
    heading = models.TextField("标题")
    text = models.TextField("正文", blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DONE)
    span_start = models.PositiveIntegerField(null=True, blank=True)
    span_end = models.PositiveIntegerField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "措施"
        verbose_name_plural = "措施"
        ordering = ["reply_id", "order"]
        indexes = [
            # Covering index for the browse pages: a place's measures by status (and in text
            # order) without reading the measure rows, whose long heading and text come first.
            models.Index(fields=["reply", "status", "order"], name="measure_reply_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.path} {self.heading[:30]}"

    @property
    def type_slugs(self) -> list[str]:
        return [t.slug for t in sorted(self.types.all(), key=lambda t: t.rank)]


class MeasureType(models.Model):
    """One type of a measure, ranked: rank 0 is the measure's main theme."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="types")
    # Looked up through measuretype_slug_measure_idx (slug first), not an index of its own.
    slug = models.CharField("类型", max_length=20, choices=MeasureTypeChoice.choices)
    rank = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "措施类型"
        verbose_name_plural = "措施类型"
        ordering = ["measure_id", "rank"]
        # All measures of one type, as (slug, measure_id) from the index alone (/types/<slug>/).
        indexes = [models.Index(fields=["slug", "measure"], name="measuretype_slug_measure_idx")]
        constraints = [
            models.UniqueConstraint(fields=["measure", "slug"], name="unique_type_per_measure")
        ]

    def __str__(self) -> str:
        return self.get_slug_display()


class Metric(models.Model):
    """A quantity stated in a reply (团体辅导 521 场次), with where it sits in the text."""

    reply = models.ForeignKey(Reply, on_delete=models.CASCADE, related_name="metrics")
    measure = models.ForeignKey(
        Measure, on_delete=models.SET_NULL, null=True, blank=True, related_name="metrics"
    )
    position = models.PositiveIntegerField("序号", default=0, help_text="0-based, document order")
    value = models.DecimalField("数值", max_digits=20, decimal_places=4)
    value_max = models.DecimalField("上限", max_digits=20, decimal_places=4, null=True, blank=True)
    unit = models.CharField("单位", max_length=20)
    qualifier = models.CharField(
        "限定词", max_length=10, choices=Qualifier.choices, blank=True, null=True
    )
    label = models.CharField("指标", max_length=200, blank=True)
    # Comparable form: 260 万人 -> 2600000 人, 1.5亿元 -> 150000000 元.
    normalized_value = models.DecimalField(max_digits=24, decimal_places=4, null=True, blank=True)
    base_unit = models.CharField("基本单位", max_length=20, blank=True)
    span_start = models.PositiveIntegerField("起始位置", help_text="offset in Reply.text")
    span_end = models.PositiveIntegerField("结束位置")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "指标"
        verbose_name_plural = "指标"
        ordering = ["reply_id", "position"]
        indexes = [models.Index(fields=["base_unit"])]

    def __str__(self) -> str:
        return f"{self.label} {self.value}{self.unit}"
