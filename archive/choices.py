"""The fixed vocabularies of the archive, each defined once.

The measure taxonomy follows ../shared/gold/README.md: twelve slugs, each with a Chinese
label for the interface. Keyword rules that assign them live in archive/ingest/classify.py.
"""
from django.db import models


class MeasureType(models.TextChoices):
    ORGANIZATION = "organization", "组织领导"
    STAFFING = "staffing", "队伍建设"
    CURRICULUM = "curriculum", "课程教学"
    SCREENING = "screening", "筛查监测"
    COUNSELING = "counseling", "心理辅导"
    CRISIS = "crisis", "危机干预"
    MEDICAL = "medical", "医教结合"
    FAMILY = "family", "家校共育"
    OUTREACH = "outreach", "宣传活动"
    WELLBEING = "wellbeing", "减负与五育"
    FUNDING = "funding", "经费设施"
    OTHER = "other", "其他"


class Status(models.TextChoices):
    DONE = "done", "已落实"
    PLANNED = "planned", "计划中"


class ResultClass(models.TextChoices):
    A = "A", "A类（已解决或采纳）"
    B = "B", "B类（正在解决或列入计划）"
    C = "C", "C类（因条件限制暂不能解决）"


class Qualifier(models.TextChoices):
    ABOUT = "约", "约"
    MORE_THAN = "余", "余"
    NEARLY = "近", "近"
    OVER = "超过", "超过"
    AT_LEAST_ABOVE = "以上", "以上"
    NOT_LESS = "不少于", "不少于"
    REACHED = "达", "达"
