/**
 * Library knowledge by kind (README "What a verdict means"): message-queue clients and terminal
 * control calls wait on another party; a client's constructor that only queues work does not.
 */
import { strict as assert } from 'node:assert';
import { analyzePythonSnippet, functionNamed } from '../support';

describe('python analyser: libraries by kind', function () {
  this.timeout(30_000);

  it('publishing to RabbitMQ through a blocking channel, polling Kafka: io', async () => {
    const report = await analyzePythonSnippet(`
import json
import pika
from kafka import KafkaConsumer


def publish_order(order):
    connection = pika.BlockingConnection(pika.ConnectionParameters("broker"))
    channel = connection.channel()
    channel.basic_publish(exchange="", routing_key="orders", body=json.dumps(order))
    connection.close()


def next_batch(consumer):
    return consumer.poll(timeout_ms=500)


def drain_events():
    consumer = KafkaConsumer("events", bootstrap_servers="kafka:9092")
    return consumer.poll(timeout_ms=1000)
`);
    assert.equal(functionNamed(report, 'publish_order').kind, 'io');
    assert.match(functionNamed(report, 'publish_order').evidence[0].message, /pika\.BlockingConnection\(\)|basic_publish/);
    assert.equal(functionNamed(report, 'drain_events').kind, 'io');
  });

  it('waiting for a serial line to drain or to send a break: io', async () => {
    const report = await analyzePythonSnippet(`
import termios


class Line:
    def __init__(self, fd):
        self.fd = fd

    def flush(self):
        termios.tcdrain(self.fd)

    def send_break(self, duration=0.25):
        termios.tcsendbreak(self.fd, int(duration / 0.25))
`);
    assert.equal(functionNamed(report, 'Line.flush').kind, 'io');
    assert.equal(functionNamed(report, 'Line.send_break').kind, 'io');
  });
});
