"""The project boots: migrations apply, the seeds ingest, the home page lists them."""
import pytest
from django.core.management import call_command

from archive.models import Reply


@pytest.mark.django_db
def test_seeds_ingest_and_home_lists_them(client, seed_paths):
    call_command("ingest", *map(str, seed_paths))
    assert Reply.objects.count() == len(seed_paths) == 5
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    for reply in Reply.objects.all():
        assert reply.title and reply.title in html


@pytest.mark.django_db
def test_ingest_if_empty_skips_a_filled_archive(seed_paths):
    call_command("ingest", str(seed_paths[0]))
    call_command("ingest", *map(str, seed_paths), "--if-empty")
    assert Reply.objects.count() == 1
