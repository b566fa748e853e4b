package io.cardledger.support.edge;

import jakarta.servlet.Filter;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.web.servlet.handler.HandlerMappingIntrospector;

/**
 * Takes Spring MVC's handler lookup out of every request's security chain.
 *
 * <p>With Spring MVC on the classpath, Spring Security puts {@link HandlerMappingIntrospector#createCacheFilter()}
 * in front of its filter chain. That filter runs every MVC handler mapping for every request, so that an
 * {@code MvcRequestMatcher} or MVC's CORS configuration could later read the result. The edge needs neither:
 * {@link EdgeRules} match with {@code PathPatternRequestMatcher} on the canonical path, and CORS is off. The
 * lookup still cost about a quarter of the ingest's request-thread CPU (the webhook servlet is not even an MVC
 * handler, so every mapping was tried and missed) and made balance reads 41 % dearer
 * (docs/benchmarks.md, "The web edge on the fast paths").
 *
 * <p>The introspector bean stays (Spring Boot and Actuator may ask it questions); only its per-request cache
 * filter becomes a pass-through. A caller that does use it outside a cached request gets an uncached lookup,
 * which is correct, only slower.
 */
final class NoHandlerIntrospectionCache implements BeanPostProcessor, ApplicationContextAware {
    static final String INTROSPECTOR_BEAN = "mvcHandlerMappingIntrospector";

    private ApplicationContext context;

    @Override
    public void setApplicationContext(ApplicationContext context) {
        this.context = context;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String name) throws BeansException {
        if (!INTROSPECTOR_BEAN.equals(name) || !(bean instanceof HandlerMappingIntrospector) || bean instanceof Uncached) {
            return bean;
        }
        Uncached replacement = new Uncached();
        replacement.setApplicationContext(context);
        replacement.afterPropertiesSet();
        return replacement;
    }

    /** The introspector with a cache filter that only passes the request on. */
    static final class Uncached extends HandlerMappingIntrospector {
        @Override
        @SuppressWarnings("deprecation")
        public Filter createCacheFilter() {
            return (request, response, chain) -> chain.doFilter(request, response);
        }
    }
}
