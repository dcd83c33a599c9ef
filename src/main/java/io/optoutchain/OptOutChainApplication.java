package io.optoutchain;

import org.camunda.bpm.spring.boot.starter.annotation.EnableProcessApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@EnableProcessApplication
@ConfigurationPropertiesScan
public class OptOutChainApplication {

  public static void main(String[] args) {
    SpringApplication.run(OptOutChainApplication.class, args);
  }
}
