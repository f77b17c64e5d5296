#!/bin/sh
# Host keys per container; the user key pair lives in /keys (a shared volume) so it survives restarts and
# another container (the compose file's uploader) can copy the private key to the bucket.
set -eu
# One ed25519 host key: generated in milliseconds, unlike the RSA/ECDSA set of `ssh-keygen -A`.
[ -s /etc/ssh/ssh_host_ed25519_key ] || ssh-keygen -q -t ed25519 -N '' -f /etc/ssh/ssh_host_ed25519_key
key=/keys/your-secret-key.pem
if [ ! -s "$key" ]; then
  ssh-keygen -q -t rsa -b 2048 -m PEM -N '' -C ec2-user -f "$key"
  mv "$key.pub" /keys/your-secret-key.pub
fi
# Readable by the uploader's user; the agent rewrites it 0600 when it mirrors it.
chmod 0644 "$key"
install -d -m 0700 -o ec2-user -g ec2-user /home/ec2-user/.ssh
cat /keys/*.pub >/home/ec2-user/.ssh/authorized_keys
chown ec2-user:ec2-user /home/ec2-user/.ssh/authorized_keys
chmod 0600 /home/ec2-user/.ssh/authorized_keys
exec /usr/sbin/sshd -D -e "$@"
