package io.optoutchain.web;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import java.util.stream.Collectors;
import org.camunda.bpm.spring.boot.starter.property.CamundaBpmProperties;
import org.camunda.bpm.webapp.impl.engine.EngineRestApplication;
import org.glassfish.jersey.server.ServerProperties;
import org.glassfish.jersey.servlet.ServletContainer;
import org.glassfish.jersey.servlet.ServletProperties;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The webapps' engine API ({@code /camunda/api/engine/...}, what Tasklist submits forms to) is a
 * Jersey application of its own, registered by Camunda's webapp starter, so the engine REST API's
 * mappers ({@link EngineRestConfiguration}) do not reach it: a refusal there was a 500 with the
 * engine's English text. This registers the same servlet first, as Camunda would, with our mappers
 * named as extra providers; Camunda's initializer finds it registered and leaves it as it is.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class WebappEngineApiConfiguration implements ServletContextInitializer {

  /** The name Camunda's {@code CamundaBpmWebappInitializer} registers the servlet under. */
  static final String ENGINE_API = "Engine Api";

  private final CamundaBpmProperties camunda;

  public WebappEngineApiConfiguration(CamundaBpmProperties camunda) {
    this.camunda = camunda;
  }

  @Override
  public void onStartup(ServletContext context) {
    ServletRegistration engineApi = context.getServletRegistration(ENGINE_API);
    if (engineApi == null) {
      engineApi = context.addServlet(ENGINE_API, ServletContainer.class);
      engineApi.addMapping(camunda.getWebapp().getApplicationPath() + "/api/engine/*");
      engineApi.setInitParameter(ServletProperties.JAXRS_APPLICATION_CLASS, EngineRestApplication.class.getName());
    }
    // Jersey adds classes named here to those of the (plain JAX-RS) application; ours take
    // precedence over Camunda's for the same exceptions by their @Priority.
    engineApi.setInitParameter(ServerProperties.PROVIDER_CLASSNAMES, EngineRestConfiguration.MAPPERS.stream()
        .map(Class::getName).collect(Collectors.joining(",")));
  }
}
