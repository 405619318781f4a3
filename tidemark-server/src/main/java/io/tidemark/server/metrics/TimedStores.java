package io.tidemark.server.metrics;

import io.tidemark.core.schedule.ScheduleStore;
import io.tidemark.core.state.StateStore;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/**
 * Stores whose every call is timed into {@code tidemark_state_store_call_duration_seconds},
 * labelled by the method's name (a fixed set). A proxy rather than a hand-written decorator: the
 * store interfaces have dozens of methods and keep growing, and a decorator would fall behind them.
 */
public final class TimedStores {
  private TimedStores() {}

  public static StateStore timed(StateStore store, PlatformMetrics metrics) {
    return proxy(StateStore.class, store, "state", metrics);
  }

  public static ScheduleStore timed(ScheduleStore store, PlatformMetrics metrics) {
    return proxy(ScheduleStore.class, store, "schedule", metrics);
  }

  private static <T> T proxy(Class<T> type, T target, String name, PlatformMetrics metrics) {
    InvocationHandler handler =
        (proxy, method, arguments) -> {
          if (method.getDeclaringClass() == Object.class) {
            return method.invoke(target, arguments);
          }
          long started = System.nanoTime();
          try {
            return method.invoke(target, arguments);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          } finally {
            metrics.storeCall(name, method.getName(), System.nanoTime() - started);
          }
        };
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
  }
}
