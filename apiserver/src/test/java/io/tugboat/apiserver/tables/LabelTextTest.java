package io.tugboat.apiserver.tables;

import static io.tugboat.apiserver.tables.TableFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.MissingNode;
import org.junit.jupiter.api.Test;

class LabelTextTest {

    @Test
    void labelsAreSortedByKey() {
        assertThat(LabelText.labels(json("{\"tier\":\"web\",\"app\":\"shop\"}"))).isEqualTo("app=shop,tier=web");
        assertThat(LabelText.labels(json("{}"))).isEqualTo("<none>");
        assertThat(LabelText.labels(MissingNode.getInstance())).isEqualTo("<none>");
    }

    @Test
    void selectorTermsAreSortedByKeyWithSortedValues() {
        var selector = json("""
                {"matchLabels":{"app":"shop"},
                 "matchExpressions":[
                   {"key":"tier","operator":"In","values":["web","api"]},
                   {"key":"canary","operator":"DoesNotExist"},
                   {"key":"env","operator":"NotIn","values":["dev"]},
                   {"key":"zone","operator":"Exists"}]}
                """);
        assertThat(LabelText.formatSelector(selector))
                .isEqualTo("app=shop,!canary,env notin (dev),tier in (api,web),zone");
    }

    @Test
    void emptySelectorsAndBadOperators() {
        assertThat(LabelText.formatSelector(MissingNode.getInstance())).isEqualTo("<none>");
        assertThat(LabelText.formatSelector(json("{}"))).isEqualTo("<none>");
        assertThat(LabelText.selectorString(json("{}"))).contains("");
        assertThat(LabelText.formatSelector(json("{\"matchExpressions\":[{\"key\":\"a\",\"operator\":\"Near\"}]}")))
                .isEqualTo("<error>");
        assertThat(LabelText.formatSelector(json("{\"matchExpressions\":[{\"key\":\"a\",\"operator\":\"In\"}]}")))
                .isEqualTo("<error>");
    }
}
