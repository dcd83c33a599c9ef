package io.optoutchain.web;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What guards the engine's own APIs (the engine REST API and the webapps' engine API) and the webapps' login. */
@Configuration(proxyBeanMethods = false)
public class EngineApiGuards {

  @Bean
  FilterRegistrationBean<QueryExpressionGuard> queryExpressionGuard() {
    var registration = new FilterRegistrationBean<>(new QueryExpressionGuard());
    registration.addUrlPatterns("/engine-rest/*", "/camunda/api/*");
    registration.setName("query-expression-guard");
    return registration;
  }

  @Bean
  FilterRegistrationBean<WebappLoginGuard> webappLoginGuard(FailedLogins failedLogins) {
    var registration = new FilterRegistrationBean<>(new WebappLoginGuard(failedLogins));
    registration.addUrlPatterns("/camunda/api/admin/auth/user/*");
    registration.setName("webapp-login-guard");
    return registration;
  }
}
