package dev.wrss.agent.it.hostile;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import javax.management.MBeanServer;
import javax.management.MBeanServerBuilder;
import javax.management.MBeanServerDelegate;
import javax.management.ObjectName;

/**
 * An application's own MBeanServerBuilder: its servers are proxies of the JDK's whose handler is
 * {@link Handler}, so the application can tell its platform server was built here. With the system property
 * {@code hostile.refuse=wrss} they refuse, with a SecurityException, every registration in that domain.
 */
public final class OwnBuilder extends MBeanServerBuilder {

    /** The handler behind every server this builder made. */
    public static final class Handler implements InvocationHandler {
        private final MBeanServer inner;

        Handler(MBeanServer inner) {
            this.inner = inner;
        }

        @Override
        public Object invoke(Object proxy, java.lang.reflect.Method m, Object[] args)
                throws Throwable {
            String refused = System.getProperty("hostile.refuse");
            if (refused != null
                    && (m.getName().equals("registerMBean") || m.getName().equals("createMBean"))) {
                for (Object a : args) {
                    if (a instanceof ObjectName n && n.getDomain().equals(refused)) {
                        throw new SecurityException("this server refuses the domain " + refused);
                    }
                }
            }
            try {
                return m.invoke(inner, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }

    @Override
    public MBeanServer newMBeanServer(
            String defaultDomain, MBeanServer outer, MBeanServerDelegate delegate) {
        MBeanServer inner = super.newMBeanServer(defaultDomain, outer, delegate);
        return (MBeanServer)
                Proxy.newProxyInstance(
                        OwnBuilder.class.getClassLoader(),
                        new Class<?>[] {MBeanServer.class},
                        new Handler(inner));
    }

    /** Whether {@code server} is one of this builder's. */
    static boolean built(MBeanServer server) {
        return Proxy.isProxyClass(server.getClass())
                && Proxy.getInvocationHandler(server) instanceof Handler;
    }
}
