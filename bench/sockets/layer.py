"""The in-memory channel layer alone: CPU per delivery of Channels' layer and RSE's
(rse/realtime/layers.py), without sockets, Django or a database, on the bench's
scenario: 1,000 channels, each in its person's group and in one of 50 rooms of 20, and
messages sent round-robin to the rooms, each received by its 20 members.

    python -m bench.sockets.layer            (pin it to a core: taskset -c 0 ...)
"""

import argparse
import asyncio
import time

from django.conf import settings


async def measure(layer_class, *, channels=1000, rooms=50, messages=2000):
    layer = layer_class()
    names = [await layer.new_channel() for _ in range(channels)]
    for i, name in enumerate(names):
        await layer.group_add(f"user.{i}", name)
        await layer.group_add(f"group.{i % rooms}", name)
    received = 0

    async def consumer(name):
        nonlocal received
        while True:
            await layer.receive(name)
            received += 1

    tasks = [asyncio.ensure_future(consumer(name)) for name in names]
    await asyncio.sleep(0.1)
    message = {"type": "rse.frame", "text": "x" * 400, "via": "group.0"}
    expected = messages * channels // rooms
    started = time.process_time()
    for n in range(messages):
        await layer.group_send(f"group.{n % rooms}", message)
        await asyncio.sleep(0)
    while received < expected:
        await asyncio.sleep(0)
    spent = time.process_time() - started
    for task in tasks:
        task.cancel()
    return 1e6 * spent / expected


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    settings.configure()
    from channels.layers import InMemoryChannelLayer

    from rse.realtime.layers import InMemoryLayer

    for layer_class in (InMemoryChannelLayer, InMemoryLayer):
        costs = [asyncio.run(measure(layer_class)) for _ in range(args.repeat)]
        print(
            f"{layer_class.__module__}.{layer_class.__name__}: "
            + ", ".join(f"{c:.1f}" for c in costs)
            + " µs of CPU per delivery"
        )


if __name__ == "__main__":
    main()
