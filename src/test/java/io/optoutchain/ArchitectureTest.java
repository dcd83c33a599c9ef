package io.optoutchain;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.stereotype.Component;

@AnalyzeClasses(packages = "io.optoutchain", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  /** The business rules (periods, keys, manifests, comparisons, chains) are plain Java. */
  @ArchTest
  static final ArchRule domainIsFreeOfSpringAndCamunda = noClasses()
      .that().resideInAnyPackage("io.optoutchain.ledger", "io.optoutchain.reporting", "io.optoutchain.party",
          "io.optoutchain.error", "io.optoutchain.release", "io.optoutchain.recall", "io.optoutchain.calendar",
          "io.optoutchain.escalation", "io.optoutchain.intake")
      .and().areNotMetaAnnotatedWith(Component.class)
      .and().areNotAnnotatedWith(ConfigurationProperties.class)
      .and().doNotHaveSimpleName("PeriodRefSql")
      .and().areNotNestedClasses()
      .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.camunda..");

  /** Only the process package talks to the engine. */
  @ArchTest
  static final ArchRule onlyProcessCodeUsesTheEngine = noClasses()
      .that().resideInAnyPackage("io.optoutchain.ledger", "io.optoutchain.reporting", "io.optoutchain.release",
          "io.optoutchain.recall", "io.optoutchain.escalation", "io.optoutchain.intake")
      .should().dependOnClassesThat().resideInAnyPackage("org.camunda..");
}
