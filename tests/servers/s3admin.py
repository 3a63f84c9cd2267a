"""Sets up and reads a moto S3 server for the publish tests.

    s3admin.py setup ENDPOINT BUCKET
    s3admin.py fetch ENDPOINT BUCKET PREFIX OUTDIR
    s3admin.py put ENDPOINT BUCKET KEY TEXT

setup creates the IAM user "crier" with an access key and a policy
allowing S3, a role it may take on, and the bucket, while moto still
accepts anything; then POSTs to /moto-api/reset-auth, after which moto
checks every request's SigV4 signature and the caller's policy.  It
prints the user's key id and secret, then the role's temporary key id,
secret and session token, one a line.

fetch copies every object below PREFIX into OUTDIR (keys relative to
PREFIX), and writes OUTDIR.types: "KEY CONTENT-TYPE" a line.  It signs
with AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, as does put, which
stores TEXT at KEY, as someone else than crier would.

Exits 77 when boto3 is missing.
"""
import json
import os
import sys
import urllib.request

try:
    import boto3
except ImportError:
    print("boto3 is not available", file=sys.stderr)
    sys.exit(77)

ALLOW_S3 = json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}],
})


def setup(endpoint, bucket):
    session = boto3.session.Session(aws_access_key_id="setup",
                                    aws_secret_access_key="setup",
                                    region_name="us-east-1")
    iam = session.client("iam", endpoint_url=endpoint)
    iam.create_user(UserName="crier")
    iam.put_user_policy(UserName="crier", PolicyName="s3",
                        PolicyDocument=ALLOW_S3)
    key = iam.create_access_key(UserName="crier")["AccessKey"]
    role = iam.create_role(RoleName="crier-publish",
                           AssumeRolePolicyDocument=json.dumps({
                               "Version": "2012-10-17",
                               "Statement": [{
                                   "Effect": "Allow",
                                   "Action": "sts:AssumeRole",
                                   "Principal": {"AWS": "arn:aws:iam::123456789012:root"},
                               }],
                           }))["Role"]
    iam.put_role_policy(RoleName="crier-publish", PolicyName="s3",
                        PolicyDocument=ALLOW_S3)
    session.client("s3", endpoint_url=endpoint).create_bucket(Bucket=bucket)
    # Temporary credentials of the role: moto checks their session token.
    sts = boto3.session.Session(
        aws_access_key_id=key["AccessKeyId"],
        aws_secret_access_key=key["SecretAccessKey"],
        region_name="us-east-1").client("sts", endpoint_url=endpoint)
    token = sts.assume_role(RoleArn=role["Arn"],
                            RoleSessionName="crier")["Credentials"]

    request = urllib.request.Request(
        endpoint + "/moto-api/reset-auth", data=b"0",
        headers={"Content-Type": "text/plain"}, method="POST")
    with urllib.request.urlopen(request) as response:
        response.read()
    print(key["AccessKeyId"])
    print(key["SecretAccessKey"])
    print(token["AccessKeyId"])
    print(token["SecretAccessKey"])
    print(token["SessionToken"])


def fetch(endpoint, bucket, prefix, out):
    s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
    # No Prefix parameter: moto 5 checks the signature of a query with an
    # encoded '/' wrongly.
    listing = s3.list_objects_v2(Bucket=bucket)
    os.makedirs(out, exist_ok=True)
    with open(out + ".types", "w") as types:
        for item in listing.get("Contents", []):
            key = item["Key"]
            if not key.startswith(prefix):
                continue
            rel = key[len(prefix):]
            got = s3.get_object(Bucket=bucket, Key=key)
            path = os.path.join(out, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as f:
                f.write(got["Body"].read())
            types.write("%s %s\n" % (rel, got["ContentType"]))


def put(endpoint, bucket, key, text):
    s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
    s3.put_object(Bucket=bucket, Key=key, Body=text.encode())


if sys.argv[1] == "setup":
    setup(*sys.argv[2:4])
elif sys.argv[1] == "put":
    put(*sys.argv[2:6])
else:
    fetch(*sys.argv[2:6])
