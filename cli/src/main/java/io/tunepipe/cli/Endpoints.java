package io.tunepipe.cli;

import java.util.EnumMap;
import java.util.Map;

/** Base URLs of the running services. */
public record Endpoints(Map<Service, String> urls) {

    public static Endpoints local(Map<Service, Integer> ports) {
        Map<Service, String> urls = new EnumMap<>(Service.class);
        for (Service s : Service.ALL) {
            urls.put(s, "http://localhost:" + ports.getOrDefault(s, s.defaultPort()));
        }
        return new Endpoints(urls);
    }

    public static Endpoints defaults() {
        return local(Map.of());
    }

    public String of(Service service) {
        return urls.get(service);
    }
}
