/** The recovery service: Spring Boot application around the recovery tiers. */
package io.lockstep.recovery.service;
