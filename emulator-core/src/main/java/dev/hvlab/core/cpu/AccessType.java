package dev.hvlab.core.cpu;

/** What a memory access is for: translation checks permissions against it. */
public enum AccessType {
    READ, WRITE, FETCH
}
