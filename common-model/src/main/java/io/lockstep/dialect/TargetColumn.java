package io.lockstep.dialect;

import java.io.Serializable;

/**
 * A column of a target table as the target's catalog describes it.
 *
 * @param name column name
 * @param typeName the target's type name without length or precision (for example {@code numeric},
 *     {@code character varying}, {@code integer[]}), used to cast bound values
 * @param nullable whether the column accepts NULL
 */
public record TargetColumn(String name, String typeName, boolean nullable)
    implements Serializable {}
