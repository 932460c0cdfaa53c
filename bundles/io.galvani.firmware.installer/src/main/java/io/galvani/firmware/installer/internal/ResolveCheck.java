package io.galvani.firmware.installer.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.felix.utils.resource.ResourceBuilder;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.resource.Capability;
import org.osgi.resource.Namespace;
import org.osgi.resource.Requirement;
import org.osgi.resource.Resource;
import org.osgi.resource.Wiring;
import org.osgi.service.resolver.HostedCapability;
import org.osgi.service.resolver.ResolutionException;
import org.osgi.service.resolver.ResolveContext;
import org.osgi.service.resolver.Resolver;

/**
 * Resolves the new set against the running framework with the OSGi {@link Resolver}, without installing anything:
 * the system bundle and the bundles that stay keep their wiring, the new and updated bundles (from their
 * manifests) and the bundles a refresh would re-resolve must resolve together.
 */
final class ResolveCheck {

    private ResolveCheck() {
    }

    /**
     * @param staying  the bundles that stay as they are (the system bundle included)
     * @param rewired  staying bundles that the refresh re-resolves (resolved now, so they must resolve again)
     * @param incoming manifest headers of the new and updated bundles, by symbolic name
     * @return null if everything resolves, else a description of the unresolved requirement
     */
    static String check(Resolver resolver, Collection<Bundle> staying, Set<Bundle> rewired,
            Map<String, Map<String, String>> incoming) {
        List<Resource> mandatory = new ArrayList<>();
        List<Resource> all = new ArrayList<>();
        Map<Resource, Wiring> wirings = new LinkedHashMap<>();
        for (Bundle b : staying) {
            BundleRevision revision = b.adapt(BundleRevision.class);
            if (revision == null) {
                continue;
            }
            BundleWiring wiring = b.adapt(BundleWiring.class);
            if (rewired.contains(b) || wiring == null) {
                Resource r = new WithoutJavaImports(revision);
                all.add(r);
                if (rewired.contains(b) && wiring != null) {
                    mandatory.add(r);
                }
            } else {
                all.add(revision);
                wirings.put(revision, wiring);
            }
        }
        for (Map.Entry<String, Map<String, String>> e : incoming.entrySet()) {
            try {
                Resource r = new WithoutJavaImports(ResourceBuilder.build("image:" + e.getKey(), e.getValue()));
                all.add(r);
                mandatory.add(r);
            } catch (BundleException ex) {
                return "bundle " + e.getKey() + ": invalid manifest: " + ex.getMessage();
            }
        }
        try {
            resolver.resolve(new Context(all, mandatory, wirings));
            return null;
        } catch (ResolutionException e) {
            Collection<Requirement> unresolved = e.getUnresolvedRequirements();
            if (unresolved != null && !unresolved.isEmpty()) {
                List<String> names = new ArrayList<>();
                for (Requirement r : unresolved) {
                    names.add(describe(r));
                }
                return "unresolved requirement " + String.join(", ", names) + " (" + firstLine(e.getMessage()) + ")";
            }
            return firstLine(e.getMessage());
        }
    }

    private static String describe(Requirement r) {
        return identity(r.getResource()) + " needs " + r.getNamespace() + " " + r.getDirectives().get(Namespace.REQUIREMENT_FILTER_DIRECTIVE);
    }

    static String identity(Resource r) {
        Resource base = r instanceof WithoutJavaImports w ? w.delegate : r;
        if (base instanceof BundleRevision rev) {
            return rev.getSymbolicName();
        }
        return base.getCapabilities("osgi.identity").stream().map(c -> String.valueOf(c.getAttributes().get("osgi.identity")))
                .findFirst().orElse(String.valueOf(base));
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "does not resolve";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** java.* comes from the JVM, not from a bundle: bnd 7 lists it in Import-Package, the framework ignores it. */
    private static final class WithoutJavaImports implements Resource {
        final Resource delegate;

        WithoutJavaImports(Resource delegate) {
            this.delegate = delegate;
        }

        @Override
        public List<Capability> getCapabilities(String namespace) {
            return delegate.getCapabilities(namespace);
        }

        @Override
        public List<Requirement> getRequirements(String namespace) {
            List<Requirement> result = new ArrayList<>();
            for (Requirement r : delegate.getRequirements(namespace)) {
                String filter = r.getDirectives().get(Namespace.REQUIREMENT_FILTER_DIRECTIVE);
                boolean javaImport = PackageNamespace.PACKAGE_NAMESPACE.equals(r.getNamespace()) && filter != null
                        && filter.contains("(" + PackageNamespace.PACKAGE_NAMESPACE + "=java.");
                if (!javaImport) {
                    result.add(r);
                }
            }
            return result;
        }

        @Override
        public String toString() {
            return identity(this);
        }
    }

    private static final Filter MATCHES_NOTHING;

    static {
        try {
            MATCHES_NOTHING = FrameworkUtil.createFilter("(&(a=1)(!(a=1)))");
        } catch (InvalidSyntaxException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final class Context extends ResolveContext {
        private final List<Resource> all;
        private final List<Resource> mandatory;
        private final Map<Resource, Wiring> wirings;
        private final Map<String, Filter> filters = new HashMap<>();

        Context(List<Resource> all, List<Resource> mandatory, Map<Resource, Wiring> wirings) {
            this.all = all;
            this.mandatory = mandatory;
            this.wirings = wirings;
        }

        @Override
        public Collection<Resource> getMandatoryResources() {
            return mandatory;
        }

        @Override
        public List<Capability> findProviders(Requirement requirement) {
            List<Capability> wired = new ArrayList<>();
            List<Capability> unwired = new ArrayList<>();
            String filterText = requirement.getDirectives().get(Namespace.REQUIREMENT_FILTER_DIRECTIVE);
            Filter filter = filter(filterText);
            for (Resource r : all) {
                Wiring wiring = wirings.get(r);
                List<Capability> caps = wiring != null ? wiring.getResourceCapabilities(requirement.getNamespace())
                        : r.getCapabilities(requirement.getNamespace());
                for (Capability c : caps) {
                    if (filter == null || filter.matches(c.getAttributes())) {
                        (wiring != null ? wired : unwired).add(c);
                    }
                }
            }
            wired.addAll(unwired); // what is already wired is preferred, as the framework does
            return wired;
        }

        private Filter filter(String text) {
            if (text == null) {
                return null;
            }
            Filter f = filters.get(text);
            if (f == null) {
                try {
                    f = FrameworkUtil.createFilter(text);
                } catch (InvalidSyntaxException e) {
                    f = MATCHES_NOTHING;
                }
                filters.put(text, f);
            }
            return f;
        }

        @Override
        public int insertHostedCapability(List<Capability> capabilities, HostedCapability hosted) {
            capabilities.add(hosted);
            return capabilities.size() - 1;
        }

        @Override
        public boolean isEffective(Requirement requirement) {
            String effective = requirement.getDirectives().get(Namespace.REQUIREMENT_EFFECTIVE_DIRECTIVE);
            return effective == null || Namespace.EFFECTIVE_RESOLVE.equals(effective);
        }

        @Override
        public Map<Resource, Wiring> getWirings() {
            return wirings;
        }
    }

    static Map<String, String> headers(java.util.jar.Attributes main) {
        Map<String, String> headers = new LinkedHashMap<>();
        main.forEach((k, v) -> headers.put(k.toString(), String.valueOf(v)));
        headers.putIfAbsent(Constants.BUNDLE_MANIFESTVERSION, "2");
        return headers;
    }
}
