import pytest
from django.test import Client
from django.urls import reverse


@pytest.mark.django_db
def test_field_errors_are_announced(world, client):
    client.force_login(world.assigned.user)
    html = client.post(
        reverse("people:member_add", args=[world.household.pk]),
        {"first_name": "", "last_name": "X", "date_of_birth": "2999-01-01", "role": "child"},
    ).content.decode()
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_date_of_birth_error"' in html
    assert html.count('id="id_date_of_birth_error"') == 1
    assert 'aria-describedby="id_bsn_help"' in html


@pytest.mark.django_db
def test_csrf_failure_is_our_own_page(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.assigned.user)
    response = client.post(reverse("plans:goal_add", args=[world.household.pk]), {})
    assert response.status_code == 403
    assert "niets opgeslagen" in response.content.decode()


@pytest.mark.django_db
def test_api_root_is_a_problem_document(client):
    response = client.get("/api/v1/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
