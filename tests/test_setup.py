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


def test_default_database_folder_comes_with_a_clone(tmp_path):
    """`make run` without DATABASE_URL writes data/archive.sqlite3: the folder must be in git
    (a fresh clone's migrate failed with "unable to open database file" when it was not), and
    settings create it when someone deleted it."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    if not (root / ".git").exists():
        pytest.skip("not a git checkout")
    tracked = subprocess.run(["git", "ls-files", "--error-unmatch", "data/.gitkeep"], cwd=root, capture_output=True)
    assert tracked.returncode == 0, "data/.gitkeep is not tracked by git"
    # settings on a copy of the project without data/: importing them creates the folder.
    copy = tmp_path / "project"
    (copy / "archive").mkdir(parents=True)
    for name in ("settings.py", "sqlite_driver.py", "__init__.py"):
        (copy / "archive" / name).write_bytes((root / "archive" / name).read_bytes())
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(PYTHONPATH=str(copy), DJANGO_SECRET_KEY="x" * 50)
    subprocess.run([sys.executable, "-c", "import archive.settings"], cwd=copy, env=env, check=True)
    assert (copy / "data").is_dir()
