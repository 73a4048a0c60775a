#!/bin/sh
# Starts the broker of docker-compose.yml: formats its storage the first time, with the admin's SCRAM credential
# (a broker already formatted keeps the admin it was made with), then runs it. Also writes the admin's client
# settings for the health check, readable by the broker's user only.
set -eu
: "${TUNEPIPE_KAFKA_ADMIN_PASSWORD:?is not set: run ./tunepipe compose env first}"
KAFKA_HOME=${KAFKA_HOME:-/opt/kafka}
CONFIG=${TUNEPIPE_KAFKA_CONFIG:-/etc/tunepipe/kafka/server.properties}
ADMIN_CONFIG=${TUNEPIPE_KAFKA_ADMIN_CONFIG:-/tmp/admin.properties}

umask 077
cat > "$ADMIN_CONFIG" <<PROPERTIES
security.protocol=SASL_PLAINTEXT
sasl.mechanism=SCRAM-SHA-256
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="$TUNEPIPE_KAFKA_ADMIN_PASSWORD";
PROPERTIES

"$KAFKA_HOME/bin/kafka-storage.sh" format --ignore-formatted --config "$CONFIG" \
  --cluster-id "$("$KAFKA_HOME/bin/kafka-storage.sh" random-uuid)" \
  --add-scram "SCRAM-SHA-256=[name=admin,password=$TUNEPIPE_KAFKA_ADMIN_PASSWORD]"
exec "$KAFKA_HOME/bin/kafka-server-start.sh" "$CONFIG"
