"""gunicorn settings for Qorgau: access log without client address or user agent."""

bind = "127.0.0.1:8000"
workers = 3
timeout = 60
forwarded_allow_ips = "127.0.0.1"
accesslog = "-"
# No %(h)s (address) and no %(a)s (user agent): requesters must not be traceable from our logs.
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
