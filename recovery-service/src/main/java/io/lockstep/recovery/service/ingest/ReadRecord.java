package io.lockstep.recovery.service.ingest;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** A record as read from its topic, and what the decoder made of it. */
record ReadRecord(ConsumerRecord<byte[], byte[]> source, RecordDecoder.Decoded decoded) {}
