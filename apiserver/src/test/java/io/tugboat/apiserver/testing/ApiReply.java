package io.tugboat.apiserver.testing;

import com.fasterxml.jackson.databind.JsonNode;

/** What the API server answered: the status code and the body as JSON (an empty object when there was none). */
public record ApiReply(int code, JsonNode body) {
}
