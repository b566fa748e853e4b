package io.cardledger.ingest.notification;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardledger.ingest.IngestProperties;
import io.cardledger.ingest.publish.DurablePublisher;
import io.micrometer.observation.ObservationPredicate;
import org.springframework.http.server.observation.ServerRequestObservationContext;
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
                new NotificationServlet(intake, publisher, metrics, mapper, properties.maxBodyBytes()), NotificationServlet.PATH,
                // The trailing-slash form maps here too: CanonicalPathFilter then shows it as the plain path.
                NotificationServlet.PATH + "/");
        registration.setName("notificationWebhook");
        registration.setAsyncSupported(true);
        registration.setLoadOnStartup(1);
        return registration;
    }

    /**
     * The notification servlet records its own {@code http.server.requests} timer (same tags, see
     * {@link NotificationMetrics#httpRequest}); Spring's per-request observation is skipped for the
     * requests it serves and only for those, so every other path is observed as before. What this
     * path gives up is only the {@code http.server.requests.active} in-flight gauge.
     */
    @Bean
    ObservationPredicate notificationWebhookTimedByItsServlet() {
        return (name, context) -> !(context instanceof ServerRequestObservationContext request
                && request.getCarrier() != null
                && NotificationServlet.PATH.equals(request.getCarrier().getServletPath()));
    }
}
