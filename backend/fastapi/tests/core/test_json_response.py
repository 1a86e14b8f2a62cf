"""Responses from models: serialized once, or given with the body a cache rendered before."""

from hestami_api.core.context import Rendered, json_response
from hestami_api.core.etag import tag_of
from hestami_api.generated import models

ITEM = models.ValidationErrorItem.model_validate({"loc": ["query", "q"], "msg": "m", "type": "t"})


def test_a_rendered_model_is_answered_with_its_body_as_it_is() -> None:
    body = b'{"loc":["query","q"],"msg":"rendered before","type":"t"}'

    response = json_response(Rendered(ITEM, body), 200, etag=True)

    assert response.body == body
    assert response.headers["etag"] == tag_of(body)


def test_rendered_of_a_model_holds_what_json_response_makes_of_the_model() -> None:
    assert Rendered.of(ITEM).body == json_response(ITEM, 200).body
