"""The app as gunicorn serves it in benchmarks, plus a hello-world route as the floor."""

from assess import create_app
from assess.auth.access import public

app = create_app()


@public
def hello():
    return "hello"


app.add_url_rule("/bench-hello", "bench_hello", hello)
