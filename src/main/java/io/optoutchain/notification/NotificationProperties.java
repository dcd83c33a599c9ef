package io.optoutchain.notification;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Escalation e-mail. Sent only when an SMTP server is configured ({@code spring.mail.host}).
 *
 * @param from the sender address
 * @param tasklistUrl where the recipients find their tasks
 */
@ConfigurationProperties("optout.notifications")
public record NotificationProperties(String from, String tasklistUrl) {}
