package dev.slipway.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.kube.LabelSelector.Operator;
import dev.slipway.kube.LabelSelector.Requirement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LabelSelectorTest {
  private static final Map<String, String> WEB =
      Map.of("app", "web", "tier", "front", "app.kubernetes.io/part-of", "shop", "replicas", "3");

  private static boolean matches(String selector, Map<String, String> labels) {
    return LabelSelector.parse(selector).matches(labels);
  }

  @ParameterizedTest(name = "{0} matches app=web: {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "app=web | true",
        "app==web | true",
        "app=db | false",
        "app!=db | true",
        "app!=web | false",
        "missing!=x | true",
        "app in (db, web) | true",
        "app in (db) | false",
        "missing in (x) | false",
        "app notin (db) | true",
        "app notin (web,db) | false",
        "missing notin (x) | true",
        "app | true",
        "missing | false",
        "!missing | true",
        "!app | false",
        "app=web,tier=front | true",
        "app=web,tier=back | false",
        "\"  app = web ,  tier in ( front ) \" | true",
        "app.kubernetes.io/part-of=shop | true",
        "app.kubernetes.io/part-of | true",
        "replicas>2 | true",
        "replicas<3 | false",
        "app>1 | false",
        "in in (x),app | false",
        "\"\" | true",
        "\"   \" | true",
      })
  void requirementsMatchAsKubernetesMatchesThem(String selector, boolean expected) {
    assertThat(matches(selector, WEB)).isEqualTo(expected);
  }

  @Test
  void emptyValuesAreValuesAndInAndNotinAreKeysAndValuesOutsideTheOperatorsPlace() {
    Map<String, String> labels = Map.of("empty", "", "in", "notin");

    assertThat(matches("empty=", labels)).isTrue();
    assertThat(matches("empty in ()", labels)).isTrue();
    assertThat(matches("empty in (x,)", labels)).isTrue();
    assertThat(matches("empty notin (,x)", labels)).isFalse();
    assertThat(matches("in=notin", labels)).isTrue();
    assertThat(matches("in in (notin)", labels)).isTrue();
    assertThat(matches("empty=,in", labels)).isTrue();
  }

  @Test
  void valuesAreASetAndTheParsedRequirementsSayWhatWasWritten() {
    LabelSelector selector = LabelSelector.parse("b in (y, x, y),!c,a==1,d<5");

    assertThat(selector.requirements())
        .containsExactly(
            new Requirement("b", Operator.IN, List.of("x", "y")),
            new Requirement("c", Operator.DOES_NOT_EXIST, List.of()),
            new Requirement("a", Operator.DOUBLE_EQUALS, List.of("1")),
            new Requirement("d", Operator.LESS_THAN, List.of("5")));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        ", | expected a label key or '!', found ',' at column 1",
        "a=b, | expected a requirement after ',', found the end",
        "a=b,,c | expected a requirement after ',', found ',' at column 5",
        "a b | expected one of in, notin, =, ==, !=, >, < after key 'a', found 'b' at column 3",
        "a=b c | expected ',' or the end after a requirement, found 'c' at column 5",
        "a=b=c | expected ',' or the end after a requirement, found '=' at column 4",
        "!a=b | expected ',' or the end after a requirement, found '=' at column 3",
        "! | expected a label key, found the end",
        "!!a | expected a label key, found '!' at column 2",
        "a in | expected '(' after in or notin, found the end",
        "a in (x | expected ',' or ')', found the end",
        "a in (x y) | expected ',' or ')', found 'y' at column 9",
        "a in (x,,) | expected a value or ',', found ')' at column 10",
        "a in (=) | expected a value, ',' or ')', found '=' at column 7",
        "a=( | expected a value, found '(' at column 3",
        "a>x | '>' needs an integer, not 'x'",
        "a< | '<' needs an integer, not ''",
        "-app | label key '-app': the name must be letters",
        "app- | label key 'app-': the name must be letters",
        "a/b/c | label key 'a/b/c' has more than one '/'",
        "/app | label key '/app': the prefix is empty",
        "Example.com/app | label key 'Example.com/app': the prefix must be a lowercase DNS",
        "example.com/ | label key 'example.com/': the name is empty",
        "app=-web | label value '-web' of app: the value must be letters",
        "app in (ok,bad_) | label value 'bad_' of app: the value must be letters",
      })
  void malformedSelectorsAndKeysAndValuesAgainstKubernetesRulesAreRefusedSayingWhy(
      String selector, String problem) {
    assertThatThrownBy(() -> LabelSelector.parse(selector))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(problem);
  }

  @Test
  void keysAndValuesHaveKubernetesLengthLimits() {
    String name63 = "n".repeat(63);
    String prefix253 = ("p".repeat(49) + ".").repeat(5) + "ppp";

    assertThat(matches(prefix253 + "/" + name63 + "=" + "v".repeat(63), Map.of())).isFalse();
    assertThatThrownBy(() -> LabelSelector.parse(name63 + "n"))
        .hasMessageContaining("the name is longer than 63 characters");
    assertThatThrownBy(() -> LabelSelector.parse("p" + prefix253 + "/a"))
        .hasMessageContaining("the prefix is longer than 253 characters");
    assertThatThrownBy(() -> LabelSelector.parse("a=" + "v".repeat(64)))
        .hasMessageContaining("is longer than 63 characters");
  }
}
