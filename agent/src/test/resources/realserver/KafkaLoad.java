import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

/** Produces MIB MiB of 16 KiB records to TOPIC at BOOTSTRAP and prints the bytes the broker acknowledged. */
public class KafkaLoad {
    public static void main(String[] args) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", args[0]);
        p.put("acks", "1");
        p.put("linger.ms", "5");
        p.put("batch.size", Integer.toString(256 << 10));
        p.put("key.serializer", ByteArraySerializer.class.getName());
        p.put("value.serializer", ByteArraySerializer.class.getName());
        int records = Integer.parseInt(args[2]) * 64;
        byte[] value = new byte[16 << 10];
        new java.util.Random(1).nextBytes(value);
        AtomicLong acked = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(args[1], value), (meta, e) -> {
                    if (e == null) {
                        acked.addAndGet(value.length);
                    } else {
                        failed.incrementAndGet();
                    }
                });
            }
            producer.flush();
        }
        System.out.println("ACKED " + acked.get() + " FAILED " + failed.get());
    }
}
