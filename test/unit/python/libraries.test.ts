/**
 * Library knowledge by kind (README "What a verdict means"): message-queue, database and cache
 * clients and terminal control calls wait on another party; building a client or a cursor does not.
 */
import { strict as assert } from 'node:assert';
import { analyzePythonSnippet, functionNamed } from '../support';

describe('python analyser: libraries by kind', function () {
  this.timeout(30_000);

  it('publishing a serialised order to RabbitMQ through a blocking channel: mixed; polling Kafka: io', async () => {
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
    // json.dumps(order) is the body the publish sends: serialisation beside the round trip
    assert.equal(functionNamed(report, 'publish_order').kind, 'mixed');
    assert.ok(functionNamed(report, 'publish_order').evidence.some((e) => /pika\.BlockingConnection\(\)|basic_publish/.test(e.message)));
    assert.equal(functionNamed(report, 'drain_events').kind, 'io');
  });

  it('MongoDB through a client\'s databases and collections (attributes or items), memcached clients: io', async () => {
    const report = await analyzePythonSnippet(`
from pymongo import MongoClient
from pymemcache.client.base import Client

client = MongoClient("mongodb://db:27017")
cache = Client(("cache", 11211))


def order_count(customer_id):
    return client.shop.orders.count_documents({"customer": customer_id})


def archive(order):
    client["shop"]["archive"].insert_one(order)


def open_orders():
    # find() only builds a cursor: nothing is sent until it is iterated
    return client.shop.orders.find({"state": "open"})


def cached_profile(user_id):
    return cache.get(f"profile:{user_id}")
`);
    assert.equal(functionNamed(report, 'order_count').kind, 'io');
    assert.equal(functionNamed(report, 'archive').kind, 'io');
    assert.equal(functionNamed(report, 'open_orders').kind, 'none');
    assert.equal(functionNamed(report, 'cached_profile').kind, 'io');
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
