"""Private special functions in pure Python (``math`` only).

The regularized incomplete beta function is evaluated with the continued
fraction of DiDonato & Morris (TOMS 708, BFRAC) by the modified Lentz method,
or, near the mean when both parameters exceed 100, with their asymptotic
expansion (BASYM); the leading factor is computed as in Loader's ``dbinom`` so
that everything stays accurate for large parameters.  Its inverse is a
safeguarded Newton iteration.  The F and Student t distributions are built on
these; the normal distribution uses ``math.erfc`` and Wichura's AS 241.

Invalid arguments (probabilities outside (0, 1), degrees of freedom that are
not positive and finite, NaN) raise ``ValueError``.
"""

from __future__ import annotations

import math
import numbers

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
_DF_MAX = 1e300
_SQRT_PI = 1.7724538509055159
_E0 = 2.0 / _SQRT_PI  # constants of TOMS 708's BASYM
_E1 = 2.0**-1.5
_BASYM_TERMS = 20


# ---------------------------------------------------------------------------
# argument checks


def _real(value: float, name: str, *, allow_nan: bool = False) -> float:
    if not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a real number, got {value!r}")
    out = float(value)
    if math.isnan(out) and not allow_nan:
        raise ValueError(f"{name} must be a number, got NaN")
    return out


def _positive(value: float, name: str) -> float:
    """A shape parameter: positive and finite."""
    out = _real(value, name, allow_nan=True)
    if not (0.0 < out < math.inf):
        raise ValueError(f"{name} must be a positive finite number, got {value!r}")
    return out


def _df(value: float, name: str) -> float:
    """Degrees of freedom: positive and finite.

    Values above 1e300 are taken as 1e300, where every distribution here has
    long reached its limit, so that sums of parameters cannot overflow.
    """
    return min(_positive(value, name), _DF_MAX)


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
    lr = math.log(ratio) if 0.0 < ratio < math.inf else math.log(x) - math.log(m)
    return x * lr + m - x


def _ibeta_front(a: float, b: float, x: float, y: float) -> float:
    """x**a * y**b / B(a, b) for 0 < x < 1 with y = 1 - x."""
    d = a + b
    log_front = (
        0.5 * (math.log(a) + math.log(b) - math.log(d))
        - _LN_SQRT_2PI
        - (_stirlerr(a) + _stirlerr(b) - _stirlerr(d))
        - _bd0(a, d * x)
        - _bd0(b, d * y)
    )
    return _exp(log_front)


def _bfrac(a: float, b: float, x: float, y: float, lam: float) -> float:
    """Continued fraction factor r with I_x(a, b) = x**a y**b / B(a, b) * r.

    The fraction is the even contraction used by DiDonato & Morris (TOMS 708,
    BFRAC), r = 1 / (b0 + a1 / (b1 + a2 / (b2 + ...))), evaluated with the
    modified Lentz method.  lam = a - (a + b) x must be supplied accurately
    (from y when x is near 1); then no step cancels badly even when a or b is
    large.  Intended for x < (a + 1) / (a + b + 2).
    """
    c = 1.0 + lam
    c0 = b / a
    c1 = 1.0 + 1.0 / a
    yp1 = y + 1.0
    p = 1.0
    s = a + 1.0
    f = c / c1
    if f == 0.0:
        f = _TINY
    big_c = f
    big_d = 0.0
    max_iter = 1000 + int(20.0 * math.sqrt(min(a + b, 1e8)))
    for n in range(1, max_iter + 1):
        t = n / a
        w = n * (b - n) * x
        e = a / s
        alpha = (p * (p + c0) * e * e) * (w * x)
        e = (1.0 + t) / (c1 + t + t)
        beta = n + w / s + e * (c + n * yp1)
        p = 1.0 + t
        s += 2.0
        big_d = beta + alpha * big_d
        if big_d == 0.0:
            big_d = _TINY
        big_c = beta + alpha / big_c
        if big_c == 0.0:
            big_c = _TINY
        big_d = 1.0 / big_d
        delta = big_c * big_d
        f *= delta
        if abs(delta - 1.0) <= 1e-15:
            break
    return 1.0 / f


def _erfcx(z: float) -> float:
    """Scaled complementary error function exp(z^2) erfc(z), for z >= 0."""
    if z < 25.0:
        return math.exp(z * z) * math.erfc(z)
    z2 = 2.0 * z * z
    total = 1.0
    term = 1.0
    for k in range(1, 12):
        term *= -(2 * k - 1) / z2
        total += term
    return total / (z * _SQRT_PI)


def _basym(a: float, b: float, f: float) -> float:
    """I_x(a, b) for large a and b with x at most the mean (TOMS 708, BASYM).

    Temme's uniform asymptotic expansion; f = bd0(a, (a+b) x) + bd0(b, (a+b) y)
    is the exponent of the leading factor.  Used for a, b > 100 near the mean,
    where the continued fraction needs many terms.
    """
    if f > 745.0:
        return 0.0
    if a >= b:
        h = b / a
        r1 = (b - a) / a
        w0 = 1.0 / math.sqrt(b * (1.0 + h))
    else:
        h = a / b
        r1 = (b - a) / b
        w0 = 1.0 / math.sqrt(a * (1.0 + h))
    r0 = 1.0 / (1.0 + h)
    t = math.exp(-f)
    z0 = math.sqrt(f)
    z2 = f + f
    size = _BASYM_TERMS + 2
    # Coefficient arrays are indexed from 1, as in the Fortran original.
    a0 = [0.0] * size
    b0 = [0.0] * size
    c = [0.0] * size
    d = [0.0] * size
    a0[1] = (2.0 / 3.0) * r1
    c[1] = -0.5 * a0[1]
    d[1] = -c[1]
    j0 = (0.5 / _E0) * _erfcx(z0)
    j1 = _E1
    total = j0 + d[1] * w0 * j1
    s = 1.0
    h2 = h * h
    hn = 1.0
    w = w0
    znm1 = 0.5 * z0 / _E1
    zn = z2
    for n in range(2, _BASYM_TERMS + 1, 2):
        hn *= h2
        a0[n] = 2.0 * r0 * (1.0 + h * hn) / (n + 2.0)
        s += hn
        a0[n + 1] = 2.0 * r1 * s / (n + 3.0)
        for i in (n, n + 1):
            r = -0.5 * (i + 1.0)
            b0[1] = r * a0[1]
            for m in range(2, i + 1):
                bsum = math.fsum((j * r - (m - j)) * a0[j] * b0[m - j] for j in range(1, m))
                b0[m] = r * a0[m] + bsum / m
            c[i] = b0[i] / (i + 1.0)
            d[i] = -(math.fsum(d[i - j] * c[j] for j in range(1, i)) + c[i])
        j0 = _E1 * znm1 + (n - 1.0) * j0
        j1 = _E1 * zn + n * j1
        znm1 *= z2
        zn *= z2
        w *= w0
        t0 = d[n] * w * j0
        w *= w0
        t1 = d[n + 1] * w * j1
        total += t0 + t1
        if abs(t0) + abs(t1) <= 1e-15 * total:
            break
    u = math.exp(-(_stirlerr(a) + _stirlerr(b) - _stirlerr(a + b)))
    return _E0 * t * u * total


def _ibeta(a: float, b: float, x: float, y: float) -> tuple[float, float, float]:
    """Return (I_x(a, b), 1 - I_x(a, b), x**a y**b / B(a, b)); y must equal 1 - x.

    Both tails are accurate: the smaller one is computed directly (continued
    fraction, or asymptotic expansion near the mean), the other as 1 minus it.
    """
    if x <= 0.0:
        return 0.0, 1.0, 0.0
    if y <= 0.0:
        return 1.0, 0.0, 0.0
    front = _ibeta_front(a, b, x, y)
    d = a + b
    # lam = a - (a + b) x, from whichever of x and y keeps it accurate.
    lam = a - d * x if x <= 0.5 else d * y - b
    if a > 100.0 and b > 100.0 and abs(lam) <= 0.03 * min(a, b):
        # Near the mean with both parameters large: asymptotic expansion.
        f = _bd0(a, d * x) + _bd0(b, d * y)
        if lam >= 0.0:
            lower = min(1.0, _basym(a, b, f))
            return lower, 1.0 - lower, front
        upper = min(1.0, _basym(b, a, f))
        return 1.0 - upper, upper, front
    if x < (a + 1.0) / (d + 2.0):
        lower = min(1.0, front * _bfrac(a, b, x, y, lam))
        return lower, 1.0 - lower, front
    upper = min(1.0, front * _bfrac(b, a, y, x, -lam))
    return 1.0 - upper, upper, front


def _unit(x: float, name: str = "x") -> tuple[float, float]:
    out = _real(x, name)
    if not (0.0 <= out <= 1.0):
        raise ValueError(f"{name} must lie in [0, 1], got {x!r}")
    return out, 1.0 - out


def betainc(a: float, b: float, x: float) -> float:
    """Regularized incomplete beta function I_x(a, b)."""
    a = _positive(a, "a")
    b = _positive(b, "b")
    xx, yy = _unit(x)
    return _ibeta(a, b, xx, yy)[0]


def betaincc(a: float, b: float, x: float) -> float:
    """Complement 1 - I_x(a, b), accurate when it is small."""
    a = _positive(a, "a")
    b = _positive(b, "b")
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
    log_d = math.log(a + b)
    log_t = a * (math.log(a) - log_d) - math.log(a)
    log_u = b * (math.log(b) - log_d) - math.log(b)
    log_w = max(log_t, log_u) + math.log1p(math.exp(-abs(log_t - log_u)))
    if math.log(p) < log_t - log_w:
        return (math.log(a) + log_w + math.log(p)) / a
    # x = 1 - (b w q)^(1/b)
    tail = _exp(min((math.log(b) + log_w + math.log(q)) / b, 0.0))
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
    lx = _initial_log_x(a, b, p, q)
    lx = min(max(lx, -700.0), _LN_HALF) if math.isfinite(lx) else _LN_HALF
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
        if h == 0.0 or math.isnan(h):
            return x  # exact, or beyond what can be evaluated
        if h < 0.0:
            lo = x
        else:
            hi = x
        step = h / slope if slope > 0.0 and math.isfinite(h) else math.nan
        x_new = x * math.exp(-step) if math.isfinite(step) and abs(step) < 50.0 else math.nan
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
    a = _positive(a, "a")
    b = _positive(b, "b")
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
    mag = math.inf if z <= 0.0 else math.sqrt(dd) * math.sqrt(w / z)
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


# Wichura (1988), Algorithm AS 241, PPND16: numerator and denominator
# coefficients, highest power first.
_AS241_A = (
    2509.0809287301226727, 33430.575583588128105, 67265.770927008700853,
    45921.953931549871457, 13731.693765509461125, 1971.5909503065514427,
    133.14166789178437745, 3.387132872796366608,
)  # fmt: skip
_AS241_B = (
    5226.495278852545925, 28729.085735721942674, 39307.89580009271061,
    21213.794301586595867, 5394.1960214247511077, 687.1870074920579083,
    42.313330701600911252, 1.0,
)  # fmt: skip
_AS241_C = (
    7.7454501427834140764e-4, 0.0227238449892691845833, 0.24178072517745061177,
    1.27045825245236838258, 3.64784832476320460504, 5.7694972214606914055,
    4.6303378461565452959, 1.42343711074968357734,
)  # fmt: skip
_AS241_D = (
    1.05075007164441684324e-9, 5.475938084995344946e-4, 0.0151986665636164571966,
    0.14810397642748007459, 0.68976733498510000455, 1.6763848301838038494,
    2.05319162663775882187, 1.0,
)  # fmt: skip
_AS241_E = (
    2.01033439929228813265e-7, 2.71155556874348757815e-5, 0.0012426609473880784386,
    0.026532189526576123093, 0.29656057182850489123, 1.7848265399172913358,
    5.4637849111641143699, 6.6579046435011037772,
)  # fmt: skip
_AS241_F = (
    2.04426310338993978564e-15, 1.4215117583164458887e-7, 1.8463183175100546818e-5,
    7.868691311456132591e-4, 0.0148753612908506148525, 0.13692988092273580531,
    0.59983220655588793769, 1.0,
)  # fmt: skip


def _horner(coefficients: tuple[float, ...], r: float) -> float:
    total = 0.0
    for c in coefficients:
        total = total * r + c
    return total


def _ppnd16(p: float) -> float:
    """Wichura's AS 241 (PPND16) normal quantile, for 0 < p < 1."""
    q = p - 0.5
    if abs(q) <= 0.425:
        r = 0.180625 - q * q
        return q * _horner(_AS241_A, r) / _horner(_AS241_B, r)
    r = math.sqrt(-math.log(p if q < 0.0 else 1.0 - p))
    if r <= 5.0:
        r -= 1.6
        val = _horner(_AS241_C, r) / _horner(_AS241_D, r)
    else:
        r -= 5.0
        val = _horner(_AS241_E, r) / _horner(_AS241_F, r)
    return -val if q < 0.0 else val


def norm_ppf(p: float) -> float:
    """Standard normal quantile function (Wichura's AS 241, about 1e-16 relative)."""
    return _ppnd16(_prob(p))
