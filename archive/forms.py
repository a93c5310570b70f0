"""Forms for editors: choosing files to upload, and correcting a parsed reply's header."""
from __future__ import annotations

from dataclasses import asdict

from django import forms

from archive.ingest.parsed import Header
from archive.models import Reply
from archive.upload.sniff import ALLOWED_SUFFIXES

HEADER_FIELDS = [
    "title",
    "bureau",
    "city",
    "province",
    "doc_number",
    "session",
    "proposal_number",
    "proposer",
    "proposer_is_org",
    "signer",
    "result_class",
    "public",
    "date",
    "year",
    "contact",
    "phone",
]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that accepts several files (Django's documented pattern)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ",".join(sorted(ALLOWED_SUFFIXES))}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)) and data:
            return [single(d, initial) for d in data]
        return [single(data or None, initial)]


class UploadForm(forms.Form):
    files = MultipleFileField(
        label="答复文件",
        help_text="可多选或拖入：.txt .md .html .pdf .docx，每个文件不超过 20 MB",
        # Size and content are checked per file in the view, so one bad file
        # does not stop the others; an empty file still gets its own reason there.
        allow_empty_file=True,
    )


class ReplyHeaderForm(forms.ModelForm):
    """The header fields of one previewed file, prefilled from extraction, editable."""

    class Meta:
        model = Reply
        fields = HEADER_FIELDS
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    @classmethod
    def for_header(cls, header: Header, prefix: str) -> ReplyHeaderForm:
        initial = {name: value for name, value in asdict(header).items() if name in HEADER_FIELDS}
        return cls(initial=initial, prefix=prefix)

    def clean(self):
        data = super().clean()
        if data.get("date") and not data.get("year"):
            data["year"] = data["date"].year
        return data

    def corrected(self, header: Header) -> Header:
        """A copy of the extracted header with the editor's corrections applied."""
        values = asdict(header)
        values.update({name: self.cleaned_data[name] for name in HEADER_FIELDS})
        return Header(**values)
