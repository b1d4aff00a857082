package io.tugboat.apiserver.services;

import java.time.Instant;

/** One claimed item (an IP or a port) as stored: who holds it and since when. */
public record Claim(String item, ClaimOwner owner, Instant claimedAt) {
}
