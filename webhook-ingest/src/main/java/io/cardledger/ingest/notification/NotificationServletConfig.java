package io.cardledger.ingest.notification;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardledger.ingest.IngestProperties;
import io.cardledger.ingest.publish.DurablePublisher;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Mounts {@link NotificationServlet} on its exact path; an exact servlet mapping wins over the
 * DispatcherServlet's "/", so every other path (KYC, actuator, unknown routes) stays on Spring MVC.
 */
@Configuration
class NotificationServletConfig {
    @Bean
    ServletRegistrationBean<NotificationServlet> notificationServlet(NotificationIntake intake, DurablePublisher publisher,
                                                                     NotificationMetrics metrics, ObjectMapper mapper,
                                                                     IngestProperties properties) {
        ServletRegistrationBean<NotificationServlet> registration = new ServletRegistrationBean<>(
                new NotificationServlet(intake, publisher, metrics, mapper, properties.maxBodyBytes()), NotificationServlet.PATH);
        registration.setName("notificationWebhook");
        registration.setAsyncSupported(true);
        registration.setLoadOnStartup(1);
        return registration;
    }
}
