from ninja import Router

router = Router(tags=["area fund"])
