import multiprocessing
import time

def cpu_bound_task(n):
    # Simulate a CPU-intensive task, it is very rudimentary
    result = sum(i * i for i in range(n))
    return result


if __name__ == '__main__':
    numbers = [10000000, 10000000, 10000000, 10000000]
    with multiprocessing.Pool(processes=4) as pool: # Creates a pool of 4 processes
        results = pool.map(cpu_bound_task, numbers) # Distributes tasks among processes in pool
    print(f"Results: {results}")
