/**
 * LocalStack's settings for both ways it runs (container and host mode): S3 and KMS only, loaded
 * up front, on one loopback port, with its DNS server, events and persistence off (target.ts says
 * why each matters).
 */
export function gatewaySettings(port: number): Record<string, string> {
  return {
    SERVICES: 's3,kms',
    STRICT_SERVICE_LOADING: '1',
    EAGER_SERVICE_LOADING: '1',
    GATEWAY_SERVER: 'twisted',
    GATEWAY_LISTEN: `127.0.0.1:${port}`,
    DNS_ADDRESS: '0',
    DISABLE_EVENTS: '1',
    PERSISTENCE: '0',
    SKIP_SSL_CERT_DOWNLOAD: '1',
  };
}
