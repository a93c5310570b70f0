"""manage.py export_replies --format json|csv -o FILE"""
import csv
import io
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from archive.export import CSV_COLUMNS, replies_document, reply_csv_rows
from archive.models import Reply


class Command(BaseCommand):
    help = "Export all replies: JSON in the gold schema, or CSV (one row per reply, UTF-8 with BOM)."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["json", "csv"], default="json")
        parser.add_argument("-o", "--output", required=True, help="file to write")

    def handle(self, *args, **options):
        replies = Reply.objects.all()
        output = Path(options["output"])
        if not output.parent.is_dir():
            raise CommandError(f"{output}: folder {output.parent} does not exist")
        # Build everything first: a failure must not leave a half-written file behind.
        if options["format"] == "json":
            content = json.dumps(replies_document(replies), ensure_ascii=False, indent=1)
            encoding = "utf-8"
        else:
            buffer = io.StringIO(newline="")
            writer = csv.writer(buffer)
            writer.writerow(CSV_COLUMNS)
            writer.writerows(reply_csv_rows(replies))
            content, encoding = buffer.getvalue(), "utf-8-sig"  # the BOM lets Excel read the Chinese
        try:
            with output.open("w", encoding=encoding, newline="") as out:
                out.write(content)
        except OSError as exc:
            raise CommandError(f"{output}: cannot write — {exc.strerror}") from exc
        self.stdout.write(f"wrote {replies.count()} replies to {output}")
