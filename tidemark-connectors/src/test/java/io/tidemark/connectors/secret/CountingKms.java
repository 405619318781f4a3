package io.tidemark.connectors.secret;

import java.util.concurrent.atomic.AtomicInteger;

/** A key-management service that counts the calls made to the one it wraps. */
public final class CountingKms implements KeyManagementService {
  private final KeyManagementService delegate;
  private final AtomicInteger wraps = new AtomicInteger();
  private final AtomicInteger unwraps = new AtomicInteger();

  public CountingKms(KeyManagementService delegate) {
    this.delegate = delegate;
  }

  public int wraps() {
    return wraps.get();
  }

  public int unwraps() {
    return unwraps.get();
  }

  @Override
  public String describe() {
    return delegate.describe();
  }

  @Override
  public byte[] wrap(byte[] dataKey) {
    wraps.incrementAndGet();
    return delegate.wrap(dataKey);
  }

  @Override
  public byte[] unwrap(byte[] wrappedDataKey) {
    unwraps.incrementAndGet();
    return delegate.unwrap(wrappedDataKey);
  }
}
