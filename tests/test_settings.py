"""Settings come from the environment; with no broker, Celery runs tasks in-process."""

import subprocess
import sys

from coprod.celery import app


def test_celery_app_reads_the_django_settings(settings):
    assert app.conf.task_always_eager is settings.CELERY_TASK_ALWAYS_EAGER
    assert app.main == "coprod"


def run_settings(env: dict[str, str], expr: str) -> subprocess.CompletedProcess:
    code = f"import django; django.setup(); from django.conf import settings; print({expr})"
    return subprocess.run(
        [sys.executable, "-c", code],
        env={"DJANGO_SETTINGS_MODULE": "coprod.settings.base", "PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_environment_chooses_database_broker_and_email():
    result = run_settings(
        {
            "SECRET_KEY": "x" * 50,
            "DATABASE_URL": "postgres://u:p@db.example:5433/coprod",
            "CELERY_BROKER_URL": "redis://broker:6379/0",
            "EMAIL_URL": "smtp://mail:2525",
            "ALLOWED_HOSTS": "coprod.example,www.coprod.example",
        },
        "settings.DATABASES['default']['HOST'], settings.DATABASES['default']['PORT'], "
        "settings.CELERY_TASK_ALWAYS_EAGER, settings.EMAIL_HOST, settings.ALLOWED_HOSTS, settings.DEBUG",
    )
    assert result.returncode == 0, result.stderr
    assert (
        result.stdout.strip() == "db.example 5433 False mail ['coprod.example', 'www.coprod.example'] False"
    )


def test_without_a_broker_tasks_run_in_process():
    result = run_settings(
        {"DEBUG": "true"}, "settings.CELERY_BROKER_URL == '', settings.CELERY_TASK_ALWAYS_EAGER"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True True"


def test_production_server_without_secret_key_refuses_to_start():
    result = run_settings({"COPROD_SERVING": "1"}, "settings.SECRET_KEY")
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_commands_without_a_secret_key_get_a_throwaway_one():
    first = run_settings({}, "len(settings.SECRET_KEY)")
    second = run_settings({}, "settings.SECRET_KEY")
    third = run_settings({}, "settings.SECRET_KEY")
    assert first.returncode == 0 and int(first.stdout) >= 50
    assert second.stdout != third.stdout
