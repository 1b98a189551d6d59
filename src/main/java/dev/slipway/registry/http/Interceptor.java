package dev.slipway.registry.http;

import java.io.IOException;
import java.util.List;

/** One cross-cutting step around a request, as in OkHttp: observe, rewrite, retry or answer. */
@FunctionalInterface
public interface Interceptor {
  Response intercept(Chain chain) throws IOException;

  /** The rest of the chain, as seen from one interceptor. */
  interface Chain {
    Request request();

    /** Passes {@code request} to the next interceptor, or to the transport after the last one. */
    Response proceed(Request request) throws IOException;
  }

  /** A transport that runs {@code interceptors} in order (first is outermost) before sending. */
  static Transport chain(List<Interceptor> interceptors, Transport transport) {
    List<Interceptor> copy = List.copyOf(interceptors);
    return request -> new RealChain(copy, 0, request, transport).proceed(request);
  }

  /** The chain position; each proceed creates the next one, so a chain can be re-entered. */
  final class RealChain implements Chain {
    private final List<Interceptor> interceptors;
    private final int index;
    private final Request request;
    private final Transport transport;

    private RealChain(
        List<Interceptor> interceptors, int index, Request request, Transport transport) {
      this.interceptors = interceptors;
      this.index = index;
      this.request = request;
      this.transport = transport;
    }

    @Override
    public Request request() {
      return request;
    }

    @Override
    public Response proceed(Request next) throws IOException {
      if (index >= interceptors.size()) {
        return transport.execute(next);
      }
      return interceptors
          .get(index)
          .intercept(new RealChain(interceptors, index + 1, next, transport));
    }
  }
}
