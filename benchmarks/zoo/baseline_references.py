"""Prints the scikit-learn reference values pasted into Tests/SpectraModelsTests/Baselines/.

Run once: pip install scikit-learn numpy && python3 benchmarks/zoo/baseline_references.py
(values in the tests were made with scikit-learn 1.9.1, numpy 2.4.6).
"""
import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.naive_bayes import GaussianNB
from sklearn.neighbors import KNeighborsClassifier

rng = np.random.default_rng(7)
centres = np.array([[1.0, 0.2, 0.1, 0.5, 0.0], [0.1, 1.0, 0.4, 0.0, 0.3], [0.3, 0.3, 1.0, 0.2, 0.8]])
y = np.array([0, 1, 2] * 4)
X = np.round(centres[y] + rng.normal(0, 0.25, size=(12, 5)), 2)
Q = np.round(centres[[0, 1, 2, 1]] + rng.normal(0, 0.3, size=(4, 5)), 2)
np.set_printoptions(precision=10, suppress=False, linewidth=200)


def show(name, a):
    print(f"{name} = {np.array2string(np.asarray(a), separator=', ', precision=10)}")


show("X", X); show("y", y); show("Q", Q)
for metric in ["cosine", "correlation"]:
    knn = KNeighborsClassifier(n_neighbors=3, metric=metric, algorithm="brute").fit(X, y)
    distances, indices = knn.kneighbors(Q)
    show(f"{metric} neighbour indices", indices)
    show(f"{metric} similarities (1 - distance)", 1 - distances)
    show(f"{metric} predict_proba", knn.predict_proba(Q))
nb = GaussianNB().fit(X, y)
show("nb theta_", nb.theta_); show("nb var_", nb.var_); show("nb class_prior_", nb.class_prior_)
show("nb predict_proba", nb.predict_proba(Q))
lr = LogisticRegression(C=1.0, tol=1e-12, max_iter=100000).fit(X, y)
show("lr coef_", lr.coef_); show("lr intercept_", lr.intercept_); show("lr predict_proba", lr.predict_proba(Q))
lr = LogisticRegression(C=0.1, tol=1e-12, max_iter=100000).fit(X, y)
show("lr C=0.1 coef_", lr.coef_); show("lr C=0.1 intercept_", lr.intercept_); show("lr C=0.1 predict_proba", lr.predict_proba(Q))
