#!/bin/bash
# A/B JMH: PublicationSubscriptionBenchmark at 872a157 (before the issue 11 split) and at main, interleaved twice.
set -e
for round in 1 2; do
  for side in before main; do
    dir=/work/wt-$side; [ $side = main ] && dir=/work/main
    echo "=== round $round $side $(git -C $dir rev-parse --short HEAD) $(date -u +%H:%M:%S)"
    (cd $dir && mvn -B -q -o -Pjmh -DskipTests -pl bench -am verify "-Djmh.args=PublicationSubscriptionBenchmark -foe true" 2>&1 | grep -E "^Benchmark|PublicationSubscriptionBenchmark\.")
  done
done
