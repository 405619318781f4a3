package io.tidemark.core.warehouse;

/**
 * What a write produced.
 *
 * @param rows rows now in the written partition (or table); 0 for views
 * @param bytesWritten the warehouse's estimate of the bytes those rows take
 */
public record WriteResult(long rows, long bytesWritten) {}
