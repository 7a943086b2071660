"""Private special functions in pure Python (``math`` only).

The regularized incomplete beta function is evaluated with its continued
fraction (modified Lentz), with the leading factor computed as in Loader's
``dbinom`` so that it stays accurate for large parameters.  Its inverse is a
safeguarded Newton iteration.  The F and Student t distributions are built on
these; the normal distribution uses ``math.erfc`` and Wichura's AS 241.

Invalid arguments (probabilities outside (0, 1), degrees of freedom that are
not positive and finite, NaN) raise ``ValueError``.
"""

from __future__ import annotations

import math

__all__ = [
    "betainc",
    "betaincc",
    "betaincinv",
    "f_cdf",
    "f_isf",
    "f_sf",
    "norm_cdf",
    "norm_ppf",
    "norm_sf",
    "t_cdf",
    "t_ppf",
    "t_sf",
]

_EPS = 2.220446049250313e-16
_TINY = 1e-300
_LN_SQRT_2PI = 0.9189385332046727  # log(sqrt(2 * pi))
_LN_HALF = -0.6931471805599453
_SQRT_HALF = 0.7071067811865476
# Largest argument of math.exp that does not overflow.
_EXP_MAX = 709.0


# ---------------------------------------------------------------------------
# argument checks


def _real(value: float, name: str) -> float:
    try:
        out = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a real number, got {value!r}") from None
    if math.isnan(out):
        raise ValueError(f"{name} must be a number, got NaN")
    return out


def _df(value: float, name: str) -> float:
    out = _real(value, name)
    if not (0.0 < out < math.inf):
        raise ValueError(f"{name} must be a positive finite number, got {value!r}")
    return out


def _shape(value: float, name: str) -> float:
    out = _real(value, name)
    if not (0.0 < out < math.inf):
        raise ValueError(f"{name} must be a positive finite number, got {value!r}")
    return out


def _prob(value: float, name: str = "p") -> float:
    out = _real(value, name)
    if not (0.0 < out < 1.0):
        raise ValueError(f"{name} must lie strictly between 0 and 1, got {value!r}")
    return out


def _exp(x: float) -> float:
    """``math.exp`` that saturates to inf instead of raising."""
    return math.inf if x > _EXP_MAX else math.exp(x)


# ---------------------------------------------------------------------------
# incomplete beta


def _stirlerr(z: float) -> float:
    """log Gamma(z) - ((z - 1/2) log z - z + log sqrt(2 pi)), for z > 0."""
    if z <= 15.0:
        return math.lgamma(z) - (z - 0.5) * math.log(z) + z - _LN_SQRT_2PI
    z2 = z * z
    return (
        1.0 / 12.0
        - (1.0 / 360.0 - (1.0 / 1260.0 - (1.0 / 1680.0 - 1.0 / (1188.0 * z2)) / z2) / z2) / z2
    ) / z


def _bd0(x: float, m: float) -> float:
    """x log(x/m) + m - x, accurate when x is close to m (Loader 2000)."""
    if m <= 0.0:
        return math.inf
    if abs(x - m) < 0.1 * (x + m):
        v = (x - m) / (x + m)
        s = (x - m) * v
        ej = 2.0 * x * v
        v2 = v * v
        for j in range(1, 1000):
            ej *= v2
            s1 = s + ej / (2 * j + 1)
            if s1 == s:
                return s1
            s = s1
        return s
    ratio = x / m
    if 0.0 < ratio < math.inf:
        lr = math.log(ratio)
    else:
        lr = math.log(x) - math.log(m)
    return x * lr + m - x


def _ibeta_front(a: float, b: float, x: float, y: float) -> float:
    """x**a * y**b / B(a, b) for 0 < x < 1 with y = 1 - x."""
    d = a + b
    log_front = (
        0.5 * (math.log(a) + math.log(b) - math.log(d)) - _LN_SQRT_2PI
        - (_stirlerr(a) + _stirlerr(b) - _stirlerr(d))
        - _bd0(a, d * x)
        - _bd0(b, d * y)
    )
    return _exp(log_front)


def _betacf(a: float, b: float, x: float, y: float) -> float:
    """Continued fraction for I_x(a, b) (modified Lentz); converges for x < (a+1)/(a+b+2).

    y = 1 - x is used for the leading term, which cancels badly near that bound.
    """
    qab = a + b
    qap = a + 1.0
    qam = a - 1.0
    c = 1.0
    # 1 - (a + b) x / (a + 1), written to avoid cancellation.
    if x <= 0.5:
        d = (qap - qab * x) / qap
    else:
        d = ((1.0 - b) + qab * y) / qap
    if abs(d) < _TINY:
        d = _TINY
    d = 1.0 / d
    h = d
    max_iter = 1000 + int(100.0 * math.sqrt(max(a, b)))
    for m in range(1, max_iter + 1):
        m2 = 2.0 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        if abs(d) < _TINY:
            d = _TINY
        c = 1.0 + aa / c
        if abs(c) < _TINY:
            c = _TINY
        d = 1.0 / d
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        if abs(d) < _TINY:
            d = _TINY
        c = 1.0 + aa / c
        if abs(c) < _TINY:
            c = _TINY
        d = 1.0 / d
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-15:
            break
    return h


def _ibeta(a: float, b: float, x: float, y: float) -> tuple[float, float, float]:
    """Return (I_x(a, b), 1 - I_x(a, b), x**a y**b / B(a, b)); y must equal 1 - x.

    Both tails are computed without cancellation: the smaller of the two comes
    straight from the continued fraction.
    """
    if x <= 0.0:
        return 0.0, 1.0, 0.0
    if y <= 0.0:
        return 1.0, 0.0, 0.0
    front = _ibeta_front(a, b, x, y)
    if x < (a + 1.0) / (a + b + 2.0):
        lower = min(1.0, front * _betacf(a, b, x, y) / a)
        return lower, 1.0 - lower, front
    upper = min(1.0, front * _betacf(b, a, y, x) / b)
    return 1.0 - upper, upper, front


def _unit(x: float, name: str = "x") -> tuple[float, float]:
    out = _real(x, name)
    if not (0.0 <= out <= 1.0):
        raise ValueError(f"{name} must lie in [0, 1], got {x!r}")
    return out, 1.0 - out


def betainc(a: float, b: float, x: float) -> float:
    """Regularized incomplete beta function I_x(a, b)."""
    a = _shape(a, "a")
    b = _shape(b, "b")
    xx, yy = _unit(x)
    return _ibeta(a, b, xx, yy)[0]


def betaincc(a: float, b: float, x: float) -> float:
    """Complement 1 - I_x(a, b), accurate when it is small."""
    a = _shape(a, "a")
    b = _shape(b, "b")
    xx, yy = _unit(x)
    return _ibeta(a, b, xx, yy)[1]


# ---------------------------------------------------------------------------
# inverse incomplete beta


def _log1pexp(u: float) -> float:
    """log(1 + exp(u)) without overflow."""
    if u > 0.0:
        return u + math.log1p(math.exp(-u))
    return math.log1p(math.exp(u))


def _initial_log_x(a: float, b: float, p: float, q: float) -> float:
    """Rough log of the solution x of I_x(a, b) = p (Numerical Recipes' guess)."""
    if a >= 1.0 and b >= 1.0:
        # Normal approximation (Abramowitz & Stegun 26.5.22).
        z = -_ppnd16(p) if p <= q else _ppnd16(q)
        lam = (z * z - 3.0) / 6.0
        h = 2.0 / (1.0 / (2.0 * a - 1.0) + 1.0 / (2.0 * b - 1.0))
        w = z * math.sqrt(h + lam) / h - (1.0 / (2.0 * b - 1.0) - 1.0 / (2.0 * a - 1.0)) * (
            lam + 5.0 / 6.0 - 2.0 / (3.0 * h)
        )
        # x = a / (a + b exp(2w))
        return -_log1pexp(math.log(b) - math.log(a) + 2.0 * w)
    lna = math.log(a / (a + b))
    lnb = math.log(b / (a + b))
    t = _exp(a * lna) / a
    u = _exp(b * lnb) / b
    w = t + u
    if p < t / w:
        return (math.log(a * w) + math.log(p)) / a
    # x = 1 - (b w q)^(1/b)
    tail = _exp((math.log(b * w) + math.log(q)) / b)
    return math.log1p(-tail) if tail < 1.0 else _LN_HALF


def _solve_lower(a: float, b: float, p: float, q: float) -> float:
    """Solve I_x(a, b) = p (equivalently 1 - I_x = q) for x in (0, 1/2].

    The caller guarantees the root is at most 1/2.  Newton steps are taken on
    log x against log of the smaller tail, inside a shrinking bracket, and
    fall back to bisection (geometric) when a step leaves it.
    """
    use_lower = p <= q
    target = math.log(p) if use_lower else math.log(q)
    lo = 0.0
    hi = 0.5
    lx = min(max(_initial_log_x(a, b, p, q), -700.0), _LN_HALF)
    x = math.exp(lx)
    for _ in range(300):
        lower, upper, front = _ibeta(a, b, x, 1.0 - x)
        tail = lower if use_lower else upper
        if tail <= 0.0:
            # Underflow: for the lower tail x is too small, for the upper too large.
            h = -math.inf if use_lower else math.inf
            slope = 0.0
        else:
            h = math.log(tail) - target
            if not use_lower:
                h = -h
            # d log(tail) / d log(x) = x * density / tail = front / ((1 - x) * tail)
            slope = front / ((1.0 - x) * tail)
        if h == 0.0:
            return x
        if h < 0.0:
            lo = x
        else:
            hi = x
        step = h / slope if slope > 0.0 and math.isfinite(h) else math.nan
        if math.isfinite(step) and abs(step) < 50.0:
            x_new = x * math.exp(-step)
        else:
            x_new = math.nan
        if not (lo < x_new < hi):
            if lo > 0.0:
                x_new = math.sqrt(lo) * math.sqrt(hi)
                if not (lo < x_new < hi):
                    x_new = 0.5 * (lo + hi)
            else:
                # No lower bound yet: move down geometrically.
                x_new = hi * hi if hi < 0.25 else 0.25 * hi
            if not (lo < x_new < hi):
                return hi if lo == 0.0 else x
        elif abs(step) <= 4.0 * _EPS:
            return x_new
        if hi - lo <= 4.0 * _EPS * hi:
            return x_new
        x = x_new
    return x


def _ibeta_inv(a: float, b: float, p: float, q: float) -> tuple[float, float]:
    """Return (x, 1 - x) with I_x(a, b) = p; q = 1 - p is given separately.

    The smaller of p and q is the one relied upon, so pass whichever is known
    exactly.
    """
    if p <= 0.0:
        return 0.0, 1.0
    if q <= 0.0:
        return 1.0, 0.0
    lower_half, upper_half, _ = _ibeta(a, b, 0.5, 0.5)
    root_below_half = p <= lower_half if p <= q else q >= upper_half
    if root_below_half:
        x = _solve_lower(a, b, p, q)
        return x, 1.0 - x
    y = _solve_lower(b, a, q, p)
    return 1.0 - y, y


def betaincinv(a: float, b: float, p: float) -> float:
    """The x in [0, 1] with I_x(a, b) = p."""
    a = _shape(a, "a")
    b = _shape(b, "b")
    pp = _real(p, "p")
    if not (0.0 <= pp <= 1.0):
        raise ValueError(f"p must lie in [0, 1], got {p!r}")
    return _ibeta_inv(a, b, pp, 1.0 - pp)[0]


# ---------------------------------------------------------------------------
# F distribution


def _f_to_beta(x: float, d1: float, d2: float) -> tuple[float, float]:
    """(d1 x / (d1 x + d2), d2 / (d1 x + d2)) without overflow, for x > 0."""
    if d1 * x <= d2:
        r = d1 * x / d2
        return r / (1.0 + r), 1.0 / (1.0 + r)
    s = (d2 / d1) / x
    return 1.0 / (1.0 + s), s / (1.0 + s)


def f_cdf(x: float, d1: float, d2: float) -> float:
    """P(F <= x) for the F distribution with d1 and d2 degrees of freedom."""
    xx = _real(x, "x")
    dd1 = _df(d1, "d1")
    dd2 = _df(d2, "d2")
    if xx <= 0.0:
        return 0.0
    if xx == math.inf:
        return 1.0
    u, v = _f_to_beta(xx, dd1, dd2)
    return _ibeta(0.5 * dd1, 0.5 * dd2, u, v)[0]


def f_sf(x: float, d1: float, d2: float) -> float:
    """P(F > x) for the F distribution with d1 and d2 degrees of freedom."""
    xx = _real(x, "x")
    dd1 = _df(d1, "d1")
    dd2 = _df(d2, "d2")
    if xx <= 0.0:
        return 1.0
    if xx == math.inf:
        return 0.0
    u, v = _f_to_beta(xx, dd1, dd2)
    return _ibeta(0.5 * dd1, 0.5 * dd2, u, v)[1]


def f_isf(p: float, d1: float, d2: float) -> float:
    """The x with P(F > x) = p (inverse survival function); may be inf on overflow."""
    pp = _prob(p)
    dd1 = _df(d1, "d1")
    dd2 = _df(d2, "d2")
    u, v = _ibeta_inv(0.5 * dd1, 0.5 * dd2, 1.0 - pp, pp)
    if v <= 0.0:
        return math.inf
    return (dd2 / dd1) * (u / v)


# ---------------------------------------------------------------------------
# Student t distribution


def _t_tail(x: float, df: float) -> float:
    """P(T < -|x|) for finite x != 0."""
    x2 = x * x
    if x2 <= df:
        r = x2 / df
        z, w = 1.0 / (1.0 + r), r / (1.0 + r)
    else:
        s = (df / abs(x)) / abs(x)
        z, w = s / (1.0 + s), 1.0 / (1.0 + s)
    return 0.5 * _ibeta(0.5 * df, 0.5, z, w)[0]


def t_cdf(x: float, df: float) -> float:
    """P(T <= x) for Student's t with df degrees of freedom."""
    xx = _real(x, "x")
    dd = _df(df, "df")
    if xx == 0.0:
        return 0.5
    if math.isinf(xx):
        return 0.0 if xx < 0.0 else 1.0
    tail = _t_tail(xx, dd)
    return tail if xx < 0.0 else 1.0 - tail


def t_sf(x: float, df: float) -> float:
    """P(T > x) for Student's t with df degrees of freedom."""
    xx = _real(x, "x")
    return t_cdf(-xx, df)


def t_ppf(p: float, df: float) -> float:
    """The x with P(T <= x) = p for Student's t with df degrees of freedom."""
    pp = _prob(p)
    dd = _df(df, "df")
    if pp == 0.5:
        return 0.0
    tail = min(pp, 1.0 - pp)
    # P(T < -|x|) = I_z(df/2, 1/2) / 2 with z = df / (df + x^2).
    z, w = _ibeta_inv(0.5 * dd, 0.5, 2.0 * tail, 1.0 - 2.0 * tail)
    if z <= 0.0:
        mag = math.inf
    else:
        mag = math.sqrt(dd) * math.sqrt(w / z)
    return -mag if pp < 0.5 else mag


# ---------------------------------------------------------------------------
# normal distribution


def norm_cdf(x: float) -> float:
    """Standard normal cumulative distribution function."""
    xx = _real(x, "x")
    return 0.5 * math.erfc(-xx * _SQRT_HALF)


def norm_sf(x: float) -> float:
    """Standard normal survival function 1 - Phi(x)."""
    xx = _real(x, "x")
    return 0.5 * math.erfc(xx * _SQRT_HALF)


def _ppnd16(p: float) -> float:
    """Wichura's AS 241 (PPND16) normal quantile, for 0 < p < 1."""
    q = p - 0.5
    if abs(q) <= 0.425:
        r = 0.180625 - q * q
        num = (
            ((((((2509.0809287301226727 * r + 33430.575583588128105) * r
                 + 67265.770927008700853) * r + 45921.953931549871457) * r
               + 13731.693765509461125) * r + 1971.5909503065514427) * r
             + 133.14166789178437745) * r + 3.387132872796366608
        )
        den = (
            ((((((5226.495278852545925 * r + 28729.085735721942674) * r
                 + 39307.89580009271061) * r + 21213.794301586595867) * r
               + 5394.1960214247511077) * r + 687.1870074920579083) * r
             + 42.313330701600911252) * r + 1.0
        )
        return q * num / den
    r = p if q < 0.0 else 1.0 - p
    r = math.sqrt(-math.log(r))
    if r <= 5.0:
        r -= 1.6
        num = (
            ((((((7.7454501427834140764e-4 * r + 0.0227238449892691845833) * r
                 + 0.24178072517745061177) * r + 1.27045825245236838258) * r
               + 3.64784832476320460504) * r + 5.7694972214606914055) * r
             + 4.6303378461565452959) * r + 1.42343711074968357734
        )
        den = (
            ((((((1.05075007164441684324e-9 * r + 5.475938084995344946e-4) * r
                 + 0.0151986665636164571966) * r + 0.14810397642748007459) * r
               + 0.68976733498510000455) * r + 1.6763848301838038494) * r
             + 2.05319162663775882187) * r + 1.0
        )
    else:
        r -= 5.0
        num = (
            ((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r
                 + 0.0012426609473880784386) * r + 0.026532189526576123093) * r
               + 0.29656057182850489123) * r + 1.7848265399172913358) * r
             + 5.4637849111641143699) * r + 6.6579046435011037772
        )
        den = (
            ((((((2.04426310338993978564e-15 * r + 1.4215117583164458887e-7) * r
                 + 1.8463183175100546818e-5) * r + 7.868691311456132591e-4) * r
               + 0.0148753612908506148525) * r + 0.13692988092273580531) * r
             + 0.59983220655588793769) * r + 1.0
        )
    val = num / den
    return -val if q < 0.0 else val


def norm_ppf(p: float) -> float:
    """Standard normal quantile function (Wichura's AS 241, about 1e-16 relative)."""
    return _ppnd16(_prob(p))
