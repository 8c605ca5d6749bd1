# Independent check of perfgate's E-Divisive (src/core/history/change-points): the split statistic
# of Matteson and James (2014) written out from its definition, and the exact permutation p-value
# of the first change point (every permutation of the series enumerated), in base R.
# Run: Rscript test/history/e-divisive-check.R
q_stat <- function(v, t) {
  x <- v[1:t]; y <- v[(t + 1):length(v)]; m <- length(x); n <- length(y)
  cross <- sum(abs(outer(x, y, "-")))
  wx <- sum(abs(outer(x, x, "-"))) / 2; wy <- sum(abs(outer(y, y, "-"))) / 2
  (m * n / (m + n)) * (2 * cross / (m * n) - wx / choose(m, 2) - wy / choose(n, 2))
}
best <- function(v, min_size = 2) {
  ts <- min_size:(length(v) - min_size)
  qs <- sapply(ts, function(t) q_stat(v, t))
  c(t = ts[which.max(qs)], q = max(qs))
}
perms <- function(v) {
  if (length(v) <= 1) return(list(v))
  out <- list()
  for (i in seq_along(v)) for (p in perms(v[-i])) out[[length(out) + 1]] <- c(v[i], p)
  out
}
exact_p <- function(v) {
  obs <- best(v)[["q"]]
  all <- perms(v)
  reached <- sum(sapply(all, function(p) best(p)[["q"]] >= obs * (1 - 1e-9)))
  c(best(v), p = reached / length(all))
}
series <- list(
  checkout_p95 = c(498, 489, 401, 391, 329, 321, 268),
  inventory_p95 = c(405, 402, 409, 445, 352, 358, 352),
  step = c(10, 11, 9, 10, 20, 21, 19)
)
for (name in names(series)) {
  r <- exact_p(series[[name]])
  cat(sprintf("%s t=%d q=%.6f p=%.6f\n", name, r[["t"]], r[["q"]], r[["p"]]))
}
