from tests.conftest import text_of


def test_home_page_says_what_the_service_is_for(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "write the strategies and agreements" in text_of(response)
