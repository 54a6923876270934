"""moto's server (the mock AWS of terraform-apply.sh), with two things of a
DB instance as AWS has them. Each cost a needless modification of the
instance, and the provider waits about 80 s after every one:

- created without a CA certificate, an instance gets AWS's default for new
  instances, rds-ca-rsa2048-g1, where moto answers "rds-ca-default": the
  provider creates the instance without the certificate, then modifies it
  unless it already reports the one the module asks for;
- Performance Insights stays as it was set (moto did not keep it, so every
  plan turned it on again, and every apply modified the instance).

Nothing else of moto is changed.

Usage: python moto_server.py -H 127.0.0.1 -p PORT (as moto_server).
"""

import sys

from moto.rds import models
from moto.server import main

AWS_DEFAULT_CA = "rds-ca-rsa2048-g1"

_init = models.DBInstance.__init__


def _init_as_aws(self, *args, **kwargs):
    if not kwargs.get("ca_certificate_identifier"):
        kwargs["ca_certificate_identifier"] = AWS_DEFAULT_CA
    _init(self, *args, **kwargs)
    # ModifyDBInstance sets the same attribute (DBInstance.update).
    self.enable_performance_insights = bool(kwargs.get("enable_performance_insights"))


models.DBInstance.__init__ = _init_as_aws
# What DescribeDBInstances answers as PerformanceInsightsEnabled.
models.DBInstance.performance_insights_enabled = property(
    lambda self: bool(getattr(self, "enable_performance_insights", False)))

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
