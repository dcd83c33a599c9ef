package io.optoutchain.identity;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.spring.boot.starter.property.AdminUserProperty;
import org.camunda.bpm.spring.boot.starter.property.CamundaBpmProperties;
import org.springframework.stereotype.Component;

/**
 * Refuses to build the engine without an administrator: the product has no default password, and
 * an engine without an administrator would open the Admin webapp's first-run setup to anyone.
 */
@Component
public class AdministratorRequired extends AbstractProcessEnginePlugin {

  private final CamundaBpmProperties camunda;

  public AdministratorRequired(CamundaBpmProperties camunda) {
    this.camunda = camunda;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    AdminUserProperty admin = camunda.getAdminUser();
    boolean configured = admin != null && admin.getId() != null && !admin.getId().isBlank()
        && admin.getPassword() != null && !admin.getPassword().isBlank() && !admin.getPassword().contains("${");
    if (!configured) {
      throw new IllegalStateException("No administrator is configured. Set ADMIN_USER and ADMIN_PASSWORD"
          + " (camunda.bpm.admin-user.id / .password) before the first start, with SPRING_PROFILES_ACTIVE=postgres and"
          + " DB_URL, DB_USER, DB_PASSWORD for your database; or, to try the demo (users with password demo),"
          + " start with the demo profile: mvn spring-boot:run -Dspring-boot.run.profiles=demo");
    }
  }
}
