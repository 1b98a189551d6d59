package dev.slipway.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.record.BuildSummary;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BudgetTableTest {
  @Test
  void eachStageShowsItsWallAndBusyTimeAndShareOfTheBudget() {
    String table = BudgetTable.render(Summaries.overlapping().withBudget(Duration.ofSeconds(1)));
    // two compiles from 30ms, of 400 and 500ms: 0.5s of wall time, 0.9s busy, half the budget
    assertThat(table).containsPattern("compile +0\\.500s +0\\.900s +50\\.0% +2\\n");
    // layers 430-530 and 440-540: 110ms of wall time
    assertThat(table).containsPattern("layers +0\\.110s +0\\.200s +11\\.0% +2\\n");
    assertThat(table).containsPattern("plan +0\\.010s +0\\.010s +1\\.0% +1\\n");
    assertThat(table).containsPattern("build \\(wall\\) +0\\.700s +70\\.0%\\n");
    assertThat(table).contains("within budget, 0.300s to spare").doesNotContain("OVER");
    assertThat(table).contains("stages overlap").contains("wall time");
    assertThat(table.indexOf("plan")).isLessThan(table.indexOf("compile"));
    assertThat(table.indexOf("compile")).isLessThan(table.indexOf("publish"));
  }

  @Test
  void aBuildPastItsBudgetSaysOverAndByHowMuch() {
    String table = BudgetTable.render(Summaries.overlapping().withBudget(Duration.ofMillis(500)));
    assertThat(Summaries.overlapping().withBudget(Duration.ofMillis(500)).budget().orElseThrow())
        .isEqualTo(new BuildSummary.Budget(500, true));
    assertThat(table).contains("OVER by 0.200s");
    assertThat(table).containsPattern("build \\(wall\\) +0\\.700s +140\\.0% +OVER\\n");
  }

  @Test
  void aBuildExactlyOnItsBudgetIsNotOver() {
    assertThat(over(Duration.ofMillis(700))).isFalse();
    assertThat(over(Duration.ofMillis(699))).isTrue();
  }

  private static boolean over(Duration budget) {
    return Summaries.overlapping().withBudget(budget).budget().orElseThrow().over();
  }
}
