import threading
import time
import requests # You'll need to install this: pip install requests

def download_file(url, filename):
    print(f"Starting download of {filename}")  #Prints message indicating start of download
    response = requests.get(url) # Downloads the file from the specified URL
    with open(filename, 'wb') as f: # Opens file for writing in binary mode
        f.write(response.content) # Writes the file content to disk
    print(f"Finished downloading {filename}") #Prints message indicating completion of download

urls = [
    ("https://www.example.com/file1.txt", "file1.txt"),
    ("https://www.example.com/file2.txt", "file2.txt"),
    ("https://www.example.com/file3.txt", "file3.txt"),
]

threads = []
for url, filename in urls:
    thread = threading.Thread(target=download_file, args=(url, filename)) # Create threads for each download task.
    threads.append(thread)
    thread.start() # Start each thread

for thread in threads:
    thread.join() # Waits for all threads to complete.

print("All downloads complete!")
