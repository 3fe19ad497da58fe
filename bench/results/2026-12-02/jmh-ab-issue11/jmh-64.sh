#!/bin/bash
for round in 1 2; do
  for side in before main; do
    dir=/work/wt-$side; [ $side = main ] && dir=/work/main
    echo "=== round $round $side $(date -u +%H:%M:%S)"
    (cd $dir && mvn -B -q -o -Pjmh -DskipTests -pl bench -am verify "-Djmh.args=PublicationSubscriptionBenchmark.offerAndPoll -p length=64 -f 3 -wi 3 -i 5" 2>&1 | grep -E "^PublicationSubscriptionBenchmark|ERROR")
  done
done
