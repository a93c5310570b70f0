"""manage.py export_replies --format json|csv -o FILE"""
import csv
import json

from django.core.management.base import BaseCommand

from archive.export import CSV_COLUMNS, replies_document, reply_csv_rows
from archive.models import Reply


class Command(BaseCommand):
    help = "Export all replies: JSON in the gold schema, or CSV (one row per reply, UTF-8 with BOM)."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["json", "csv"], default="json")
        parser.add_argument("-o", "--output", required=True, help="file to write")

    def handle(self, *args, **options):
        replies = Reply.objects.all()
        if options["format"] == "json":
            with open(options["output"], "w", encoding="utf-8") as out:
                json.dump(replies_document(replies), out, ensure_ascii=False, indent=1)
        else:
            with open(options["output"], "w", encoding="utf-8-sig", newline="") as out:
                writer = csv.writer(out)
                writer.writerow(CSV_COLUMNS)
                writer.writerows(reply_csv_rows(replies))
        self.stdout.write(f"wrote {replies.count()} replies to {options['output']}")
