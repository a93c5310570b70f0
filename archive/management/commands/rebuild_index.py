"""Rebuild the search index from the database, with a progress bar.

Needed after changing tokenize.py (the index must hold the tokens the current code makes)
and after bulk changes that bypassed the ORM signals.
"""
from django.core.management.base import BaseCommand
from django.db import transaction
from tqdm import tqdm

from archive.models import Reply
from archive.search import get_backend


class Command(BaseCommand):
    help = "清空并重建全文检索索引 (rebuild the full-text search index)"

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500, help="replies per transaction")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, batch_size: int, no_progress: bool, **options):
        backend = get_backend()
        replies = Reply.objects.defer("raw_text").order_by("pk")
        total = replies.count()
        backend.clear()
        ids = list(replies.values_list("pk", flat=True))
        with tqdm(total=total, unit="reply", disable=no_progress, file=self.stderr) as bar:
            for start in range(0, len(ids), batch_size):
                chunk = ids[start : start + batch_size]
                with transaction.atomic():
                    backend.index_replies(list(replies.filter(pk__in=chunk)))
                bar.update(len(chunk))
        backend.optimize()
        self.stdout.write(self.style.SUCCESS(f"已重建索引：{total} 份答复（{backend.name}）"))
